import { Injectable } from '@nestjs/common';
import { MutationRunner, type WriteScope } from '../audit/mutation-runner.service';
import { assertActsForAnyProject, assertMayAdminister } from '../auth/access';
import { isAdmin } from '../auth/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors';
import { expectGlobalId, toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { ProjectWriteChecks } from '../projects/project-write-checks.service';
import { canMoveTo, INITIAL_STATUSES, orderedPair, STATUS_TRANSITIONS } from './commitment-rules';
import { CooperationCommitment, ReuseLink } from './cooperation-commitment.entity';
import { CooperationRepository } from './cooperation.repository';
import { CommitmentProvenance } from './cooperation.enums';
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
    private readonly runner: MutationRunner,
    private readonly repo: CooperationRepository,
    private readonly projects: ProjectWriteChecks,
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
        const projects = await this.projects.projectsForWrite(w.manager, [lo, hi]);
        assertActsForAnyProject(w.actor, projects);
        const admin = isAdmin(w.actor);
        const commitment = await this.repo.record(w.manager, {
          projectAId: lo,
          projectBId: hi,
          kind: input.kind,
          status: input.status,
          provenance: admin ? CommitmentProvenance.VERIFIED : CommitmentProvenance.DECLARED,
          note: input.note ?? null,
          evidenceUrl: input.evidenceUrl ?? null,
          committedOn: input.committedOn ?? null,
          verified: admin,
          recordedBy: w.actor.name,
        });
        if (!commitment) {
          const existing = await this.repo.idOfPair(w.manager, lo, hi, input.kind);
          throw new ConflictError(`These projects already have a ${input.kind} commitment`, {
            existingId: toGlobalId(TYPE, existing!),
          });
        }
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
        const after = await this.repo.changeStatus(w.manager, id, {
          from: before.status,
          to: input.status,
          by: w.actor.name,
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
        assertMayAdminister(w.actor, 'verify a commitment');
        const { before, programmeIds } = await this.lockForChange(w, id, input.version);
        if (before.provenance === CommitmentProvenance.VERIFIED)
          throw new RuleViolationError('ALREADY_VERIFIED', 'The commitment is already verified');
        const after = await this.repo.verify(w.manager, id, w.actor.name);
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
        const [project] = await this.projects.projectsForWrite(
          w.manager,
          sourceId === null ? [projectId] : [projectId, sourceId],
        );
        assertActsForAnyProject(w.actor, [project]);
        const link = await this.repo.recordReuseLink(w.manager, {
          projectId,
          sourceProjectId: sourceId,
          sourceOutput: input.sourceOutput ?? null,
          description: input.description ?? null,
          evidenceUrl: input.evidenceUrl ?? null,
        });
        w.audit({
          entityType: 'ReuseLink',
          entityId: link.id,
          before: null,
          after: this.repo.reuseLinkSnapshot(link),
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
    const before = await this.repo.lock(w.manager, id);
    if (!before) throw new NotFoundError(TYPE, toGlobalId(TYPE, id));
    const projects = await this.projects.projectsForWrite(w.manager, [
      before.projectAId,
      before.projectBId,
    ]);
    assertActsForAnyProject(w.actor, projects);
    if (before.version !== version)
      throw new ConflictError(
        `The commitment has changed since version ${version}; read it again and retry`,
        { currentVersion: before.version },
      );
    return { before, programmeIds: [...new Set(projects.map((p) => p.programmeId))] };
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
    const afterJson = this.repo.commitmentSnapshot(after);
    w.audit({
      entityType: TYPE,
      entityId: after.id,
      before: before ? this.repo.commitmentSnapshot(before) : null,
      after: afterJson,
      reason,
    });
    w.publish({ type: TYPE, change, programmeIds, object: afterJson });
  }
}
