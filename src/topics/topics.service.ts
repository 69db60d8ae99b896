import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionArgs, ConnectionShape, paginate } from '../common/pagination';
import { Topic } from './topic.entity';

@Injectable()
export class TopicsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async bySlug(slug: string): Promise<Topic> {
    const found = await this.ds.getRepository(Topic).findOneBy({ slug });
    if (!found) throw new NotFoundError('Topic', slug);
    return found;
  }

  byId(ctx: RequestContext, id: number): Promise<Topic | null> {
    return ctx.loaders
      .get<number, Topic | null>('topicById', async (ids) =>
        indexBy(ids, await this.ds.getRepository(Topic).findBy({ id: In([...ids]) }), (t) => t.id),
      )
      .load(id);
  }

  /** Ordered by slug. */
  list(args: ConnectionArgs): Promise<ConnectionShape<Topic>> {
    const qb = this.ds.getRepository(Topic).createQueryBuilder('t');
    return paginate(qb, { expression: 't.slug', property: 'slug', type: 'string' }, args);
  }
}
