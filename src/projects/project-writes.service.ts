import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MutationRunner, type WriteScope } from '../audit/mutation-runner.service';
import { snapshot } from '../audit/snapshot';
import { isAdmin } from '../auth/actor';
import { ForbiddenError } from '../auth/auth.service';
import { BadInputError, ConflictError, NotFoundError, RuleViolationError } from '../common/errors';
import { expectGlobalId, toGlobalId } from '../common/global-id';
import { hydrate } from '../common/hydrate';
import { type RequestContext } from '../common/loader-registry';
import { rowsOf } from '../common/sql';
import {
  AddParticipantInput,
  CreateProjectInput,
  RemoveParticipantInput,
  SetProjectTopicsInput,
  UpdateProjectInput,
} from './dto/project.inputs';
import { assertActsForAny, projectsForWrite } from './project-access';
import type { ProjectRow } from './sql/projects.statements';
import { projectRuleBreach, type RuleBreach } from './project-rules';
import { Project } from './project.entity';
import { ParticipantRole, ProjectStatus } from './project.enums';
import { requireProgrammeById } from '../programmes/programmes.repository';

/** Facts recorded through the API point to this source; the audit trail says who and when. */
export const API_SOURCE = 'api';

/** A project to insert, from a mutation or from the CSV import: a project row's own facts. */
export interface NewProject extends Pick<
  ProjectRow,
  | 'programmeId'
  | 'category'
  | 'listPosition'
  | 'titleSv'
  | 'titleFi'
  | 'titleEn'
  | 'description'
  | 'status'
  | 'startDate'
  | 'endDate'
  | 'grantEur'
  | 'grantIsMaximum'
  | 'participantsKnown'
  | 'deadlineOverrideReason'
> {
  participants: { organisationId: number; role: ParticipantRole }[];
  topicIds: number[];
  /** How the client named each organisation, for error messages. */
  given?: Map<number, string>;
  /** The period as the source gives it. */
  period?: string | null;
  /** Sources of this project's facts and of its partners, when not the one source of the write. */
  factSourceKey?: string;
  partnerSourceKey?: string;
}

/** Project columns an update may set, by input field. */
const UPDATABLE: Record<string, string> = {
  titleSv: 'title_sv',
  titleFi: 'title_fi',
  titleEn: 'title_en',
  description: 'description',
  category: 'category',
  status: 'status',
  startDate: 'start_date',
  endDate: 'end_date',
  grantEur: 'grant_eur',
  grantIsMaximum: 'grant_is_maximum',
  participantsKnown: 'participants_known',
  deadlineOverrideReason: 'deadline_override_reason',
};
const NOT_NULL = new Set(['titleSv', 'category', 'status', 'grantIsMaximum', 'participantsKnown']);

interface ProgrammeRules {
  id: number;
  minParticipants: number | null;
  completionDeadline: string | null;
}

type Participants = { organisationId: number; role: ParticipantRole }[];

/** Creating and maintaining projects, their participants and topics, under the programme rules. */
@Injectable()
export class ProjectWritesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: MutationRunner,
  ) {}

  create(ctx: RequestContext, input: CreateProjectInput): Promise<Project> {
    const project: NewProject = {
      programmeId: expectGlobalId(input.programme, ['Programme'], 'input.programme'),
      category: input.category,
      listPosition: input.listPosition ?? null,
      titleSv: input.titleSv,
      titleFi: input.titleFi ?? null,
      titleEn: input.titleEn ?? null,
      description: input.description ?? null,
      status: input.status ?? ProjectStatus.GRANTED,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      grantEur: input.grantEur ?? null,
      grantIsMaximum: input.grantIsMaximum ?? false,
      participantsKnown: input.participantsKnown ?? false,
      deadlineOverrideReason: input.deadlineOverrideReason ?? null,
      participants: input.participants.map((p, i) => ({
        organisationId: expectGlobalId(
          p.organisation,
          ['Municipality', 'JointAuthority'],
          `input.participants[${i}].organisation`,
        ),
        role: p.role,
      })),
      topicIds: (input.topics ?? []).map((t, i) =>
        expectGlobalId(t, ['Topic'], `input.topics[${i}]`),
      ),
    };
    project.given = new Map(
      project.participants.map((q, i) => [q.organisationId, input.participants[i].organisation]),
    );
    return this.runner.run(
      ctx,
      { operation: 'createProject', input, returns: Project },
      async (w) => {
        if (!isAdmin(w.actor))
          throw new ForbiddenError('Only an administrator may create a project');
        return this.insert(w, project, API_SOURCE);
      },
    );
  }

  /**
   * Inserts a project with its participants and topics, after checking the
   * programme rules; every given fact points to `sourceKey`. Shared by
   * createProject and the CSV import.
   */
  async insert(w: WriteScope, p: NewProject, sourceKey: string, path = 'input'): Promise<Project> {
    const programme = await this.programme(w.manager, p.programmeId);
    const seen = new Set<number>();
    for (const [i, q] of p.participants.entries()) {
      if (seen.has(q.organisationId))
        throw new BadInputError(`${path}.participants[${i}]`, 'names an organisation twice');
      seen.add(q.organisationId);
    }
    await this.requireOrganisations(w.manager, [...seen], p.given ?? new Map());
    await this.requireTopics(w.manager, p.topicIds);
    this.enforce(
      projectRuleBreach({
        status: p.status,
        participantCount: p.participants.length,
        leadCount: p.participants.filter((q) => q.role === ParticipantRole.LEAD).length,
        startDate: p.startDate,
        endDate: p.endDate,
        deadlineOverrideReason: p.deadlineOverrideReason,
        endDateChanged: true,
        programme,
        actorIsAdmin: isAdmin(w.actor),
      }),
    );
    if (p.listPosition !== null) {
      const [taken] = await rowsOf<{ id: number }>(
        w.manager,
        `SELECT id FROM project WHERE programme_id = $1 AND category = $2 AND list_position = $3`,
        [p.programmeId, p.category, p.listPosition],
      );
      if (taken)
        throw new ConflictError(`Position ${p.listPosition} of the ${p.category} list is taken`, {
          existingId: toGlobalId('Project', taken.id),
        });
    }
    const facts = Object.fromEntries(
      (
        [
          ['category', p.category],
          ['listPosition', p.listPosition],
          ['status', p.status],
          ['titleSv', p.titleSv],
          ['titleFi', p.titleFi],
          ['titleEn', p.titleEn],
          ['description', p.description],
          ['startDate', p.startDate],
          ['endDate', p.endDate],
          ['period', p.period ?? null],
          ['grantEur', p.grantEur],
        ] as const
      )
        .filter(([, v]) => v !== null)
        // The status is what this write records; the other facts are the source's.
        .map(([k]) => [k, k === 'status' ? sourceKey : (p.factSourceKey ?? sourceKey)]),
    );
    const leadSource = p.factSourceKey ?? sourceKey;
    const partnerSource = p.partnerSourceKey ?? leadSource;
    if (p.participants.length > 1 && (p.factSourceKey || p.partnerSourceKey))
      facts.participants = partnerSource;
    const rows = await rowsOf(
      w.manager,
      `INSERT INTO project (programme_id, category, list_position, title_sv, title_fi, title_en,
         description, status, start_date, end_date, grant_eur, grant_is_maximum, participants_known,
         deadline_override_reason, provenance, period)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
      [
        p.programmeId,
        p.category,
        p.listPosition,
        p.titleSv,
        p.titleFi,
        p.titleEn,
        p.description,
        p.status,
        p.startDate,
        p.endDate,
        p.grantEur,
        p.grantIsMaximum,
        p.participantsKnown,
        p.deadlineOverrideReason,
        facts,
        p.period ?? null,
      ],
    );
    const [project] = hydrate(this.ds, Project, rows);
    await w.manager.query(
      `INSERT INTO participation (project_id, organisation_id, role, source_key)
       SELECT $1, o, r::participant_role, s FROM unnest($2::int[], $3::text[], $4::text[]) AS t(o, r, s)`,
      [
        project.id,
        p.participants.map((q) => q.organisationId),
        p.participants.map((q) => q.role),
        p.participants.map((q) => (q.role === ParticipantRole.LEAD ? leadSource : partnerSource)),
      ],
    );
    if (p.topicIds.length)
      await w.manager.query(
        `INSERT INTO project_topic (project_id, topic_id, source_key) SELECT $1, unnest($2::int[]), $3`,
        [project.id, p.topicIds, sourceKey],
      );
    w.audit({
      entityType: 'Project',
      entityId: project.id,
      before: null,
      after: {
        ...snapshot(this.ds, Project, project),
        participants: p.participants,
        topicIds: p.topicIds,
      },
      reason: p.deadlineOverrideReason,
    });
    return project;
  }

  update(ctx: RequestContext, input: UpdateProjectInput): Promise<Project> {
    const id = expectGlobalId(input.project, ['Project'], 'input.project');
    return this.runner.run(
      ctx,
      { operation: 'updateProject', input, returns: Project },
      async (w) => {
        const before = await this.lock(w, id, input.version);
        const changes = Object.keys(UPDATABLE).filter(
          (k) => (input as unknown as Record<string, unknown>)[k] !== undefined,
        );
        for (const k of changes)
          if (NOT_NULL.has(k) && (input as unknown as Record<string, unknown>)[k] === null)
            throw new BadInputError(`input.${k}`, 'cannot be null');
        const after = { ...before } as Record<string, unknown>;
        for (const k of changes) after[k] = (input as unknown as Record<string, unknown>)[k];
        const programme = await this.programme(w.manager, before.programmeId);
        const participants = await this.participants(w.manager, id);
        this.enforce(
          projectRuleBreach({
            status: after.status as ProjectStatus,
            participantCount: participants.length,
            leadCount: participants.filter((q) => q.role === ParticipantRole.LEAD).length,
            startDate: after.startDate as string | null,
            endDate: after.endDate as string | null,
            deadlineOverrideReason: input.deadlineOverrideReason ?? null,
            endDateChanged: input.endDate !== undefined && input.endDate !== before.endDate,
            programme,
            actorIsAdmin: isAdmin(w.actor),
          }),
        );
        const params: unknown[] = [id];
        const sets = changes.map((k) => {
          params.push((input as unknown as Record<string, unknown>)[k]);
          return `${UPDATABLE[k]} = $${params.length}`;
        });
        // Facts set here now come from the API; cleared facts have no source.
        const provenanceFacts = changes.filter((k) => k !== 'deadlineOverrideReason');
        params.push(
          Object.fromEntries(
            provenanceFacts.filter((k) => after[k] !== null).map((k) => [k, API_SOURCE]),
          ),
          provenanceFacts.filter((k) => after[k] === null),
        );
        sets.push(
          `provenance = (provenance - $${params.length}::text[]) || $${params.length - 1}::jsonb`,
        );
        const project = await this.bump(w, id, sets, params);
        w.audit({
          entityType: 'Project',
          entityId: id,
          before: snapshot(this.ds, Project, before),
          after: snapshot(this.ds, Project, project),
          reason: input.deadlineOverrideReason ?? null,
        });
        return project;
      },
    );
  }

  addParticipant(ctx: RequestContext, input: AddParticipantInput): Promise<Project> {
    const id = expectGlobalId(input.project, ['Project'], 'input.project');
    const organisationId = expectGlobalId(
      input.participant.organisation,
      ['Municipality', 'JointAuthority'],
      'input.participant.organisation',
    );
    return this.runner.run(
      ctx,
      { operation: 'addParticipant', input, returns: Project },
      async (w) => {
        await this.lock(w, id, input.version);
        await this.requireOrganisations(
          w.manager,
          [organisationId],
          new Map([[organisationId, input.participant.organisation]]),
        );
        const before = await this.participants(w.manager, id);
        if (before.some((q) => q.organisationId === organisationId))
          throw new ConflictError('The organisation already takes part in the project');
        if (
          input.participant.role === ParticipantRole.LEAD &&
          before.some((q) => q.role === ParticipantRole.LEAD)
        )
          throw new RuleViolationError('ONE_LEAD', 'The project already has a LEAD participant');
        await w.manager.query(
          `INSERT INTO participation (project_id, organisation_id, role, source_key) VALUES ($1, $2, $3, $4)`,
          [id, organisationId, input.participant.role, API_SOURCE],
        );
        const after = [...before, { organisationId, role: input.participant.role }];
        return this.participantsChanged(w, id, before, after);
      },
    );
  }

  removeParticipant(ctx: RequestContext, input: RemoveParticipantInput): Promise<Project> {
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
        const project = await this.lock(w, id, input.version);
        const before = await this.participants(w.manager, id);
        const leaving = before.find((q) => q.organisationId === organisationId);
        if (!leaving) throw new NotFoundError('Participant', input.organisation);
        if (leaving.role === ParticipantRole.LEAD)
          throw new RuleViolationError('LEAD_REQUIRED', 'The lead participant cannot be removed');
        const after = before.filter((q) => q !== leaving);
        const programme = await this.programme(w.manager, project.programmeId);
        this.enforce(
          projectRuleBreach({
            status: project.status,
            participantCount: after.length,
            leadCount: 1,
            startDate: null,
            endDate: null,
            deadlineOverrideReason: null,
            endDateChanged: false,
            programme,
            actorIsAdmin: isAdmin(w.actor),
          }),
        );
        await w.manager.query(
          `DELETE FROM participation WHERE project_id = $1 AND organisation_id = $2`,
          [id, organisationId],
        );
        return this.participantsChanged(w, id, before, after);
      },
    );
  }

  setTopics(ctx: RequestContext, input: SetProjectTopicsInput): Promise<Project> {
    const id = expectGlobalId(input.project, ['Project'], 'input.project');
    const topicIds = [
      ...new Set(input.topics.map((t, i) => expectGlobalId(t, ['Topic'], `input.topics[${i}]`))),
    ].sort((a, b) => a - b);
    return this.runner.run(
      ctx,
      { operation: 'setProjectTopics', input, returns: Project },
      async (w) => {
        await this.lock(w, id, input.version);
        await this.requireTopics(w.manager, topicIds);
        const before = (
          await rowsOf<{ topic_id: number }>(
            w.manager,
            `SELECT topic_id FROM project_topic WHERE project_id = $1 ORDER BY topic_id`,
            [id],
          )
        ).map((r) => r.topic_id);
        await w.manager.query(
          `DELETE FROM project_topic WHERE project_id = $1 AND NOT (topic_id = ANY($2::int[]))`,
          [id, topicIds],
        );
        await w.manager.query(
          `INSERT INTO project_topic (project_id, topic_id, source_key)
           SELECT $1, unnest($2::int[]), $3 ON CONFLICT DO NOTHING`,
          [id, topicIds, API_SOURCE],
        );
        const project = await this.bump(w, id, [], [id]);
        w.audit({
          entityType: 'Project',
          entityId: id,
          before: { topicIds: before },
          after: { topicIds },
        });
        return project;
      },
    );
  }

  /** Locks the project for this write, checks the caller may change it and, if given, the version. */
  private async lock(w: WriteScope, id: number, version?: number | null): Promise<Project> {
    const [access] = await projectsForWrite(w.manager, [id], { lock: true });
    assertActsForAny(w.actor, [access]);
    if (version != null && access.version !== version)
      throw new ConflictError(
        `The project has changed since version ${version}; read it again and retry`,
        { currentVersion: access.version },
      );
    const rows = await rowsOf(w.manager, `SELECT * FROM project WHERE id = $1`, [id]);
    return hydrate(this.ds, Project, rows)[0];
  }

  /** Applies the SET clauses (if any) and bumps the version; returns the project after. */
  private async bump(
    w: WriteScope,
    id: number,
    sets: string[],
    params: unknown[],
  ): Promise<Project> {
    const rows = await rowsOf(
      w.manager,
      `UPDATE project SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 RETURNING *`,
      params,
    );
    return hydrate(this.ds, Project, rows)[0];
  }

  private async participantsChanged(
    w: WriteScope,
    id: number,
    before: Participants,
    after: Participants,
  ): Promise<Project> {
    const project = await this.bump(w, id, [], [id]);
    const sorted = (list: Participants) =>
      [...list].sort((a, b) => a.organisationId - b.organisationId);
    w.audit({
      entityType: 'Project',
      entityId: id,
      before: { participants: sorted(before) },
      after: { participants: sorted(after) },
    });
    return project;
  }

  private participants(manager: EntityManager, projectId: number): Promise<Participants> {
    return rowsOf(
      manager,
      `SELECT organisation_id AS "organisationId", role FROM participation WHERE project_id = $1
        ORDER BY organisation_id`,
      [projectId],
    );
  }

  private async programme(manager: EntityManager, id: number): Promise<ProgrammeRules> {
    return requireProgrammeById(manager, id);
  }

  /** NOT_FOUND, naming the organisation by the global id it was given as, for the first missing. */
  private async requireOrganisations(
    manager: EntityManager,
    ids: number[],
    given: Map<number, string>,
  ): Promise<void> {
    const found = await rowsOf<{ id: number }>(
      manager,
      `SELECT id FROM organisation WHERE id = ANY($1::int[])`,
      [ids],
    );
    const missing = ids.find((id) => !found.some((f) => f.id === id));
    if (missing !== undefined)
      throw new NotFoundError('Organisation', given.get(missing) ?? String(missing));
  }

  private async requireTopics(manager: EntityManager, ids: number[]): Promise<void> {
    if (!ids.length) return;
    const found = await rowsOf<{ id: number }>(
      manager,
      `SELECT id FROM topic WHERE id = ANY($1::int[])`,
      [ids],
    );
    const missing = ids.find((id) => !found.some((f) => f.id === id));
    if (missing !== undefined) throw new NotFoundError('Topic', toGlobalId('Topic', missing));
  }

  private enforce(breach: RuleBreach | null): void {
    if (!breach) return;
    if (breach.forbidden) throw new ForbiddenError(breach.message);
    throw new RuleViolationError(breach.rule, breach.message);
  }
}
