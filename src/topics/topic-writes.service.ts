import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MutationRunner } from '../audit/mutation-runner.service';
import { snapshot } from '../audit/snapshot';
import { assertMayAdminister } from '../auth/access';
import { ConflictError } from '../common/errors';
import { toGlobalId } from '../common/global-id';
import { hydrate } from '../common/hydrate';
import { type RequestContext } from '../common/loader-registry';
import { rowsOf } from '../common/sql';
import { CreateTopicInput } from './dto/topic.inputs';
import { Topic } from './topic.entity';

@Injectable()
export class TopicWritesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: MutationRunner,
  ) {}

  /** Adds a topic to the taxonomy; a taken slug is CONFLICT with the existing id. */
  create(ctx: RequestContext, input: CreateTopicInput): Promise<Topic> {
    return this.runner.run(ctx, { operation: 'createTopic', input, returns: Topic }, async (w) => {
      assertMayAdminister(w.actor, 'create a topic');
      const rows = await rowsOf(
        w.manager,
        `INSERT INTO topic (slug, name_fi, name_sv, name_en, description, description_fi, description_sv, source_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'api') ON CONFLICT (slug) DO NOTHING RETURNING *`,
        [
          input.slug,
          input.nameFi,
          input.nameSv,
          input.nameEn,
          input.description ?? null,
          input.descriptionFi ?? null,
          input.descriptionSv ?? null,
        ],
      );
      if (rows.length === 0) {
        const [existing] = await rowsOf<{ id: number }>(
          w.manager,
          `SELECT id FROM topic WHERE slug = $1`,
          [input.slug],
        );
        throw new ConflictError(`A topic with the slug "${input.slug}" exists`, {
          existingId: toGlobalId('Topic', existing.id),
        });
      }
      const [topic] = hydrate(this.ds, Topic, rows);
      w.audit({
        entityType: 'Topic',
        entityId: topic.id,
        before: null,
        after: snapshot(this.ds, Topic, topic),
      });
      return topic;
    });
  }
}
