import { Injectable } from '@nestjs/common';
import { MutationRunner } from '../audit/mutation-runner.service';
import { assertMayAdminister } from '../auth/access';
import { ConflictError } from '../common/errors';
import { toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { CreateTopicInput } from './dto/topic.inputs';
import { Topic } from './topic.entity';
import { TopicsRepository } from './topics.repository';

@Injectable()
export class TopicWritesService {
  constructor(
    private readonly topics: TopicsRepository,
    private readonly runner: MutationRunner,
  ) {}

  /** Adds a topic to the taxonomy; a taken slug is CONFLICT with the existing id. */
  create(ctx: RequestContext, input: CreateTopicInput): Promise<Topic> {
    return this.runner.run(ctx, { operation: 'createTopic', input, returns: Topic }, async (w) => {
      assertMayAdminister(w.actor, 'create a topic');
      const topic = await this.topics.writeNew(w.manager, {
        slug: input.slug,
        nameFi: input.nameFi,
        nameSv: input.nameSv,
        nameEn: input.nameEn,
        description: input.description ?? null,
        descriptionFi: input.descriptionFi ?? null,
        descriptionSv: input.descriptionSv ?? null,
      });
      if (!topic) {
        const existing = await this.topics.readBySlug(input.slug, w.manager);
        throw new ConflictError(`A topic with the slug "${input.slug}" exists`, {
          existingId: existing ? toGlobalId('Topic', existing.id) : null,
        });
      }
      w.audit({
        entityType: 'Topic',
        entityId: topic.id,
        before: null,
        after: w.snapshot(Topic, topic),
      });
      return topic;
    });
  }
}
