import { Injectable } from '@nestjs/common';
import { type WriteScope } from '../audit/mutation-runner.service';
import { assertActsForAnyProject } from '../auth/access';
import { isAdmin } from '../auth/actor';
import { ForbiddenError } from '../auth/auth.service';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors';
import { toGlobalId } from '../common/global-id';
import { requireProgrammeById } from '../programmes/programmes.repository';
import { type Queryable } from '../common/statements';
import { projectRuleBreach, ruleInput, type ProjectState } from './project-rules';
import { type LockedProject, ProjectWritesRepository } from './project-writes.repository';
import { type ProgrammeRulesRow, type ProjectAccessRow } from './sql/project-writes.statements';

/** Facts recorded through the API point to this source; the audit trail says who and when. */
export const API_SOURCE = 'api';

/**
 * What every write to a project checks before it changes anything: that the project exists and
 * the caller may write for it, the version the change is based on, the programme rules, and that
 * the organisations and topics it names exist. Used by the project, participant and topic writes,
 * and by cooperation writes for the projects a commitment or reuse link joins.
 */
@Injectable()
export class ProjectWriteChecks {
  constructor(private readonly repo: ProjectWritesRepository) {}

  /** Who takes part in each project, in the order given; NOT_FOUND for the first missing. */
  async projectsForWrite(tx: Queryable, ids: readonly number[]): Promise<ProjectAccessRow[]> {
    const rows = await this.repo.accessOf(tx, ids);
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new NotFoundError('Project', toGlobalId('Project', id));
      return row;
    });
  }

  /**
   * Locks the project for this write and checks that the caller may change it and, if given,
   * the version the change is based on.
   */
  async lock(w: WriteScope, id: number, version?: number | null): Promise<LockedProject> {
    const locked = await this.repo.lock(w.manager, id);
    if (!locked) throw new NotFoundError('Project', toGlobalId('Project', id));
    assertActsForAnyProject(w.actor, [
      { participantIds: locked.participants.map((q) => q.organisationId) },
    ]);
    if (version != null && locked.project.version !== version)
      throw new ConflictError(
        `The project has changed since version ${version}; read it again and retry`,
        { currentVersion: locked.project.version },
      );
    return locked;
  }

  /** The rules of a project's programme; NOT_FOUND when there is no such programme. */
  async programmeRules(tx: Queryable, programmeId: number): Promise<ProgrammeRulesRow> {
    return requireProgrammeById(tx, programmeId);
  }

  /**
   * The programme rules for the project after a change: RULE_VIOLATION (or FORBIDDEN for an
   * override only an administrator may give) for the first it breaks. `programme` is its
   * programme's rules, or the programme's id to read them.
   */
  async enforceRules(
    w: WriteScope,
    programme: ProgrammeRulesRow | number,
    after: ProjectState,
    change: { deadlineOverrideReason: string | null; endDateChanged: boolean },
  ): Promise<void> {
    const rules =
      typeof programme === 'number' ? await this.programmeRules(w.manager, programme) : programme;
    const breach = projectRuleBreach(
      ruleInput(after, { ...change, actorIsAdmin: isAdmin(w.actor) }, rules),
    );
    if (!breach) return;
    if (breach.forbidden) throw new ForbiddenError(breach.message);
    throw new RuleViolationError(breach.rule, breach.message);
  }

  /** NOT_FOUND for the first missing, named by the global id it was given as. */
  async requireOrganisations(
    tx: Queryable,
    ids: number[],
    given: ReadonlyMap<number, string>,
  ): Promise<void> {
    const found = await this.repo.existingOrganisations(tx, ids);
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined)
      throw new NotFoundError('Organisation', given.get(missing) ?? String(missing));
  }

  async requireTopics(tx: Queryable, ids: number[]): Promise<void> {
    if (!ids.length) return;
    const found = await this.repo.existingTopics(tx, ids);
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError('Topic', toGlobalId('Topic', missing));
  }
}
