import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MutationRunner, type WriteScope } from '../audit/mutation-runner.service';
import { snapshot } from '../audit/snapshot';
import { isAdmin } from '../auth/actor';
import { ForbiddenError } from '../auth/auth.service';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors';
import { expectGlobalId, toGlobalId } from '../common/global-id';
import { hydrate } from '../common/hydrate';
import { rowsOf } from '../common/sql';
import { type RequestContext } from '../common/loader-registry';
import { assertActsForAny, projectsForWrite } from '../projects/project-access';
import { canMoveTo, INITIAL_STATUSES, orderedPair, STATUS_TRANSITIONS } from './commitment-rules';
import { CooperationCommitment, ReuseLink } from './cooperation-commitment.entity';
import { CommitmentProvenance, CommitmentStatus } from './cooperation.enums';
import {
  ChangeCommitmentStatusInput,
  RecordCommitmentInput,
  RecordReuseLinkInput,
  VerifyCommitmentInput,
} from './dto/cooperation.inputs';

/** How a commitment changed, as streamed to subscribers. */
export enum CommitmentChangeKind {
  RECORDED = 'RECORDED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  VERIFIED = 'VERIFIED',
}

const TYPE = 'CooperationCommitment';

/** The write rules of cooperation commitments and reuse links. */
@Injectable()
export class CooperationWritesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: MutationRunner,
  ) {}

  /**
   * Records a commitment. DECLARED when a coordinator records it, VERIFIED
   * when an admin does. One per pair and kind: a second is CONFLICT with the
   * existing id.
   */
  record(ctx: RequestContext, input: RecordCommitmentInput): Promise<CooperationCommitment> {
    const a = expectGlobalId(input.project, ['Project'], 'input.project');
    const b = expectGlobalId(input.otherProject, ['Project'], 'input.otherProject');
    return this.runner.run(
      ctx,
      { operation: 'recordCommitment', input, returns: CooperationCommitment },
      async (w) => {
        if (a === b)
          throw new RuleViolationError(
            'DISTINCT_PROJECTS',
            'A commitment needs two different projects',
          );
        if (!INITIAL_STATUSES.includes(input.status))
          throw new RuleViolationError(
            'INITIAL_STATUS',
            `A commitment is recorded as ${INITIAL_STATUSES.join(' or ')}`,
          );
        const [lo, hi] = orderedPair(a, b);
        const projects = await projectsForWrite(w.manager, [lo, hi]);
        assertActsForAny(w.actor, projects);
        const admin = isAdmin(w.actor);
        // The first history entry is written by the same statement (one round trip fewer).
        const rows: Record<string, unknown>[] = await w.manager.query(
          `WITH c AS (
             INSERT INTO cooperation_commitment
               (project_a_id, project_b_id, kind, status, provenance, note, evidence_url, committed_on,
                verified_at, verified_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN now() END, CASE WHEN $9 THEN $10 END)
             ON CONFLICT ON CONSTRAINT cooperation_commitment_pair_kind_key DO NOTHING
             RETURNING *),
           h AS (
             INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by)
             SELECT id, NULL, status, $10 FROM c)
           SELECT * FROM c`,
          [
            lo,
            hi,
            input.kind,
            input.status,
            admin ? CommitmentProvenance.VERIFIED : CommitmentProvenance.DECLARED,
            input.note ?? null,
            input.evidenceUrl ?? null,
            input.committedOn ?? null,
            admin,
            w.actor.name,
          ],
        );
        if (rows.length === 0) {
          const [existing]: { id: number }[] = await w.manager.query(
            `SELECT id FROM cooperation_commitment WHERE project_a_id = $1 AND project_b_id = $2 AND kind = $3`,
            [lo, hi, input.kind],
          );
          throw new ConflictError(`These projects already have a ${input.kind} commitment`, {
            existingId: toGlobalId(TYPE, existing.id),
          });
        }
        const [commitment] = hydrate(this.ds, CooperationCommitment, rows);
        this.changed(w, CommitmentChangeKind.RECORDED, commitment, null, [
          ...new Set(projects.map((p) => p.programmeId)),
        ]);
        return commitment;
      },
    );
  }

  /** Moves a commitment along its life (see commitment-rules.ts); the history keeps every step. */
  changeStatus(
    ctx: RequestContext,
    input: ChangeCommitmentStatusInput,
  ): Promise<CooperationCommitment> {
    const id = expectGlobalId(input.commitment, [TYPE], 'input.commitment');
    return this.runner.run(
      ctx,
      { operation: 'changeCommitmentStatus', input, returns: CooperationCommitment },
      async (w) => {
        const { before, programmeIds } = await this.lockForChange(w, id, input.version);
        if (!canMoveTo(before.status, input.status)) {
          const allowed = STATUS_TRANSITIONS[before.status];
          throw new RuleViolationError(
            'STATUS_TRANSITION',
            `A commitment that is ${before.status} cannot become ${input.status}` +
              (allowed.length ? `; it can become ${allowed.join(', ')}` : '; that status is final'),
            { from: before.status, to: input.status },
          );
        }
        const after = await this.update(w, id, `status = $2`, [input.status], {
          from: before.status,
          reason: input.reason ?? null,
        });
        this.changed(
          w,
          CommitmentChangeKind.STATUS_CHANGED,
          after,
          before,
          programmeIds,
          input.reason,
        );
        return after;
      },
    );
  }

  /** An administrator confirms a declared commitment. */
  verify(ctx: RequestContext, input: VerifyCommitmentInput): Promise<CooperationCommitment> {
    const id = expectGlobalId(input.commitment, [TYPE], 'input.commitment');
    return this.runner.run(
      ctx,
      { operation: 'verifyCommitment', input, returns: CooperationCommitment },
      async (w) => {
        if (!isAdmin(w.actor))
          throw new ForbiddenError('Only an administrator may verify a commitment');
        const { before, programmeIds } = await this.lockForChange(w, id, input.version);
        if (before.provenance === CommitmentProvenance.VERIFIED)
          throw new RuleViolationError('ALREADY_VERIFIED', 'The commitment is already verified');
        const after = await this.update(
          w,
          id,
          `provenance = 'VERIFIED', verified_at = now(), verified_by = $2`,
          [w.actor.name],
        );
        this.changed(w, CommitmentChangeKind.VERIFIED, after, before, programmeIds);
        return after;
      },
    );
  }

  /** Records that a project builds on an earlier project here or on an output from elsewhere. */
  recordReuseLink(ctx: RequestContext, input: RecordReuseLinkInput): Promise<ReuseLink> {
    const projectId = expectGlobalId(input.project, ['Project'], 'input.project');
    const sourceId =
      input.sourceProject != null
        ? expectGlobalId(input.sourceProject, ['Project'], 'input.sourceProject')
        : null;
    return this.runner.run(
      ctx,
      { operation: 'recordReuseLink', input, returns: ReuseLink },
      async (w) => {
        if (sourceId === projectId)
          throw new RuleViolationError('DISTINCT_PROJECTS', 'A project cannot build on itself');
        const [project] = await projectsForWrite(
          w.manager,
          sourceId === null ? [projectId] : [projectId, sourceId],
        );
        assertActsForAny(w.actor, [project]);
        const rows: Record<string, unknown>[] = await w.manager.query(
          `INSERT INTO reuse_link (project_id, source_project_id, source_output, description, evidence_url)
           VALUES ($1, $2, $3, $4, $5) RETURNING *`,
          [
            projectId,
            sourceId,
            input.sourceOutput ?? null,
            input.description ?? null,
            input.evidenceUrl ?? null,
          ],
        );
        const [link] = hydrate(this.ds, ReuseLink, rows);
        w.audit({
          entityType: 'ReuseLink',
          entityId: link.id,
          before: null,
          after: snapshot(this.ds, ReuseLink, link),
        });
        return link;
      },
    );
  }

  /** Locks the commitment and checks the caller's rights and the version the change is based on. */
  private async lockForChange(
    w: WriteScope,
    id: number,
    version: number,
  ): Promise<{ before: CooperationCommitment; programmeIds: number[] }> {
    const rows: Record<string, unknown>[] = await w.manager.query(
      `SELECT * FROM cooperation_commitment WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundError(TYPE, toGlobalId(TYPE, id));
    const [before] = hydrate(this.ds, CooperationCommitment, rows);
    const projects = await projectsForWrite(w.manager, [before.projectAId, before.projectBId]);
    assertActsForAny(w.actor, projects);
    if (before.version !== version)
      throw new ConflictError(
        `The commitment has changed since version ${version}; read it again and retry`,
        { currentVersion: before.version },
      );
    return { before, programmeIds: [...new Set(projects.map((p) => p.programmeId))] };
  }

  /** Updates the commitment and bumps its version; with `history`, records the status move too. */
  private async update(
    w: WriteScope,
    id: number,
    set: string,
    params: unknown[],
    history?: { from: CommitmentStatus; reason: string | null },
  ): Promise<CooperationCommitment> {
    const update = `UPDATE cooperation_commitment SET ${set}, version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING *`;
    const all = [id, ...params];
    if (history) all.push(history.from, w.actor.name, history.reason);
    const n = all.length;
    const rows = await rowsOf(
      w.manager,
      history
        ? `WITH c AS (${update}),
           h AS (INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by, reason)
                 SELECT id, $${n - 2}::commitment_status, status, $${n - 1}, $${n} FROM c)
           SELECT * FROM c`
        : update,
      all,
    );
    return hydrate(this.ds, CooperationCommitment, rows)[0];
  }

  /** Audits the change and streams it to the programmes' subscribers. */
  private changed(
    w: WriteScope,
    change: CommitmentChangeKind,
    after: CooperationCommitment,
    before: CooperationCommitment | null,
    programmeIds: number[],
    reason?: string | null,
  ): void {
    const afterJson = snapshot(this.ds, CooperationCommitment, after);
    w.audit({
      entityType: TYPE,
      entityId: after.id,
      before: before ? snapshot(this.ds, CooperationCommitment, before) : null,
      after: afterJson,
      reason,
    });
    w.publish({ type: TYPE, change, programmeIds, object: afterJson });
  }
}
