import { Injectable } from '@nestjs/common';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import {
  CommitmentStatusChange,
  CooperationCommitment,
  ReuseLink,
} from './cooperation-commitment.entity';
import { CooperationRepository } from './cooperation.repository';

/** Reads of commitments and reuse links, batched per request. */
@Injectable()
export class CooperationService {
  constructor(private readonly repo: CooperationRepository) {}

  commitmentById(ctx: RequestContext, id: number): Promise<CooperationCommitment | null> {
    return ctx.loaders
      .get<number, CooperationCommitment | null>('commitmentById', async (ids) =>
        indexBy(ids, await this.repo.commitmentsByIds(ids), (c) => c.id),
      )
      .load(id);
  }

  reuseLinkById(ctx: RequestContext, id: number): Promise<ReuseLink | null> {
    return ctx.loaders
      .get<number, ReuseLink | null>('reuseLinkById', async (ids) =>
        indexBy(ids, await this.repo.reuseLinksByIds(ids), (r) => r.id),
      )
      .load(id);
  }

  /** Commitments on either side of a project, batched per request. */
  commitments(ctx: RequestContext, projectId: number): Promise<CooperationCommitment[]> {
    return ctx.loaders
      .get<number, CooperationCommitment[]>('commitmentsByProject', async (ids) => {
        const rows = await this.repo.commitmentsOfProjects(ids);
        // A commitment belongs to both of its projects.
        const pairs = rows.flatMap((c) => [
          { key: c.projectAId, c },
          { key: c.projectBId, c },
        ]);
        return groupBy(ids, pairs, (p) => p.key).map((g) => g.map((p) => p.c));
      })
      .load(projectId);
  }

  /** What a project builds on, batched per request. */
  reuseLinks(ctx: RequestContext, projectId: number): Promise<ReuseLink[]> {
    return ctx.loaders
      .get<number, ReuseLink[]>('reuseLinksByProject', async (ids) => {
        const rows = await this.repo.reuseLinksOfProjects(ids);
        return groupBy(ids, rows, (r) => r.projectId);
      })
      .load(projectId);
  }

  /** A commitment's status history, oldest first, batched per request. */
  history(ctx: RequestContext, commitmentId: number): Promise<CommitmentStatusChange[]> {
    return ctx.loaders
      .get<number, CommitmentStatusChange[]>('historyByCommitment', async (ids) => {
        const rows = await this.repo.historyOf(ids);
        return groupBy(ids, rows, (r) => r.commitmentId);
      })
      .load(commitmentId);
  }

  /** The commitment a change message carries, as it was committed. */
  fromMessage(object: Record<string, unknown>): CooperationCommitment {
    return this.repo.reviveCommitment(object);
  }
}
