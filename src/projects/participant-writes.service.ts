import { Injectable } from '@nestjs/common';
import { MutationRunner, type WriteScope } from '../audit/mutation-runner.service';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors';
import { expectGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { AddParticipantInput, RemoveParticipantInput } from './dto/project.inputs';
import { API_SOURCE, ProjectWriteChecks } from './project-write-checks.service';
import { ProjectWritesRepository } from './project-writes.repository';
import { Project } from './project.entity';
import { ParticipantRole } from './project.enums';
import { type ParticipantFact } from './sql/project-writes.statements';

/** Who takes part in a project: adding and removing participants under the programme rules. */
@Injectable()
export class ParticipantWritesService {
  constructor(
    private readonly runner: MutationRunner,
    private readonly repo: ProjectWritesRepository,
    private readonly checks: ProjectWriteChecks,
  ) {}

  add(ctx: RequestContext, input: AddParticipantInput): Promise<Project> {
    const id = expectGlobalId(input.project, ['Project'], 'input.project');
    const organisationId = expectGlobalId(
      input.participant.organisation,
      ['Municipality', 'JointAuthority'],
      'input.participant.organisation',
    );
    const role = input.participant.role;
    return this.runner.run(
      ctx,
      { operation: 'addParticipant', input, returns: Project },
      async (w) => {
        const { project, participants: before } = await this.checks.lock(w, id, input.version);
        await this.checks.requireOrganisations(
          w.manager,
          [organisationId],
          new Map([[organisationId, input.participant.organisation]]),
        );
        if (before.some((q) => q.organisationId === organisationId))
          throw new ConflictError('The organisation already takes part in the project');
        if (role === ParticipantRole.LEAD && before.some((q) => q.role === ParticipantRole.LEAD))
          throw new RuleViolationError('ONE_LEAD', 'The project already has a LEAD participant');
        const after = [...before, { organisationId, role }];
        await this.checks.enforceRules(
          w,
          project.programmeId,
          { ...project, participants: after },
          { deadlineOverrideReason: null, endDateChanged: false },
        );
        await this.repo.addParticipants(w.manager, id, [
          { organisationId, role, sourceKey: API_SOURCE },
        ]);
        return this.changed(w, id, before, after);
      },
    );
  }

  remove(ctx: RequestContext, input: RemoveParticipantInput): Promise<Project> {
    const id = expectGlobalId(input.project, ['Project'], 'input.project');
    const organisationId = expectGlobalId(
      input.organisation,
      ['Municipality', 'JointAuthority'],
      'input.organisation',
    );
    return this.runner.run(
      ctx,
      { operation: 'removeParticipant', input, returns: Project },
      async (w) => {
        const { project, participants: before } = await this.checks.lock(w, id, input.version);
        const leaving = before.find((q) => q.organisationId === organisationId);
        if (!leaving) throw new NotFoundError('Participant', input.organisation);
        if (leaving.role === ParticipantRole.LEAD)
          throw new RuleViolationError('LEAD_REQUIRED', 'The lead participant cannot be removed');
        const after = before.filter((q) => q !== leaving);
        // The project as stored, with one participant fewer: its dates and status are unchanged.
        await this.checks.enforceRules(
          w,
          project.programmeId,
          { ...project, participants: after },
          { deadlineOverrideReason: null, endDateChanged: false },
        );
        await this.repo.removeParticipant(w.manager, id, organisationId);
        return this.changed(w, id, before, after);
      },
    );
  }

  /** A new version of the project, audited as its participant list before and after. */
  private async changed(
    w: WriteScope,
    id: number,
    before: ParticipantFact[],
    after: ParticipantFact[],
  ): Promise<Project> {
    const project = await this.repo.bump(w.manager, id);
    const sorted = (list: ParticipantFact[]) =>
      [...list].sort((a, b) => a.organisationId - b.organisationId);
    w.audit({
      entityType: 'Project',
      entityId: id,
      before: { participants: sorted(before) },
      after: { participants: sorted(after) },
    });
    return project;
  }
}
