import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetPage } from '../common/pagination';
import { type Queryable, rowsOf } from '../common/statements';
import { Topic } from './topic.entity';
import { TOPICS_SQL, type TopicRow } from './sql/topics.statements';

/** The topic table. Reads use the DataSource; a write is given its transaction's `Queryable`. */
@Injectable()
export class TopicsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readByIds(ids: readonly number[]): Promise<Topic[]> {
    return (await rowsOf(this.ds, TOPICS_SQL.byIds, [[...ids]])).map(toTopic);
  }

  /** `db`: a write's transaction, to see its own rows; the DataSource otherwise. */
  async readBySlug(slug: string, db: Queryable = this.ds): Promise<Topic | null> {
    const [row] = await rowsOf(db, TOPICS_SQL.bySlug, [slug]);
    return row ? toTopic(row) : null;
  }

  async readPage(page: KeysetPage<string>): Promise<Topic[]> {
    const statement = page.backward ? TOPICS_SQL.pageBackward : TOPICS_SQL.pageForward;
    return (await rowsOf(this.ds, statement, [page.after, page.before, page.limit])).map(toTopic);
  }

  async readCount(): Promise<number> {
    const [row] = await rowsOf(this.ds, TOPICS_SQL.count, []);
    return row.n;
  }

  /** The new topic, or null when its slug is taken. */
  async writeNew(
    db: Queryable,
    t: Pick<
      TopicRow,
      'slug' | 'nameFi' | 'nameSv' | 'nameEn' | 'description' | 'descriptionFi' | 'descriptionSv'
    >,
  ): Promise<Topic | null> {
    const [row] = await rowsOf(db, TOPICS_SQL.insert, [
      t.slug,
      t.nameFi,
      t.nameSv,
      t.nameEn,
      t.description,
      t.descriptionFi,
      t.descriptionSv,
    ]);
    return row ? toTopic(row) : null;
  }
}

function toTopic(row: TopicRow): Topic {
  return Object.assign(Object.create(Topic.prototype) as Topic, row);
}
