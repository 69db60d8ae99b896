import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionArgs, ConnectionShape, keysetConnection } from '../common/pagination';
import { Topic } from './topic.entity';
import { TopicsRepository } from './topics.repository';

@Injectable()
export class TopicsService {
  constructor(private readonly repository: TopicsRepository) {}

  async bySlug(slug: string): Promise<Topic> {
    const found = await this.repository.readBySlug(slug);
    if (!found) throw new NotFoundError('Topic', slug);
    return found;
  }

  byId(ctx: RequestContext, id: number): Promise<Topic | null> {
    return ctx.loaders
      .get<number, Topic | null>('topicById', async (ids) =>
        indexBy(ids, await this.repository.readByIds(ids), (t) => t.id),
      )
      .load(id);
  }

  /** Ordered by slug. */
  list(args: ConnectionArgs): Promise<ConnectionShape<Topic>> {
    return keysetConnection(
      args,
      'string',
      (t: Topic) => t.slug,
      (page) => this.repository.readPage(page),
      () => this.repository.readCount(),
    );
  }
}
