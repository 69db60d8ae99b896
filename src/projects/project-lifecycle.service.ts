import { Injectable } from '@nestjs/common';
import { MutationRunner, type WriteScope } from '../audit/mutation-runner.service';
import { assertMayAdminister } from '../auth/access';
import { BadInputError, ConflictError } from '../common/errors';
import { expectGlobalId, toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { CreateProjectInput, UpdateProjectInput } from './dto/project.inputs';
import { API_SOURCE, ProjectWriteChecks } from './project-write-checks.service';
import { type ProjectChanges, ProjectWritesRepository } from './project-writes.repository';
import { Project } from './project.entity';
import { ParticipantRole, ProjectStatus } from './project.enums';
import type { ProjectRow } from './sql/projects.statements';

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

/** The facts an update may set, in the order they are applied. */
const UPDATABLE = [
  'titleSv',
  'titleFi',
  'titleEn',
  'description',
  'category',
  'status',
  'startDate',
  'endDate',
  'grantEur',
  'grantIsMaximum',
  'participantsKnown',
  'deadlineOverrideReason',
] as const satisfies readonly (keyof ProjectChanges & keyof UpdateProjectInput)[];
const NOT_NULL = new Set<string>([
  'titleSv',
  'category',
  'status',
  'grantIsMaximum',
  'participantsKnown',
]);

/** Creating projects (from the API and the CSV import) and changing their own facts. */
@Injectable()
export class ProjectLifecycleService {
  constructor(
    private readonly runner: MutationRunner,
    private readonly repo: ProjectWritesRepository,
    private readonly checks: ProjectWriteChecks,
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
        assertMayAdminister(w.actor, 'create a project');
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
    const programme = await this.checks.programmeRules(w.manager, p.programmeId);
    const seen = new Set<number>();
    for (const [i, q] of p.participants.entries()) {
      if (seen.has(q.organisationId))
        throw new BadInputError(`${path}.participants[${i}]`, 'names an organisation twice');
      seen.add(q.organisationId);
    }
    await this.checks.requireOrganisations(w.manager, [...seen], p.given ?? new Map());
    await this.checks.requireTopics(w.manager, p.topicIds);
    await this.checks.enforceRules(w, programme, p, {
      deadlineOverrideReason: p.deadlineOverrideReason,
      endDateChanged: true,
    });
    if (p.listPosition !== null) {
      const taken = await this.repo.listingHolder(
        w.manager,
        p.programmeId,
        p.category,
        p.listPosition,
      );
      if (taken !== null)
        throw new ConflictError(`Position ${p.listPosition} of the ${p.category} list is taken`, {
          existingId: toGlobalId('Project', taken),
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
    const project = await this.repo.insert(w.manager, {
      ...p,
      provenance: facts,
      period: p.period ?? null,
    });
    await this.repo.addParticipants(
      w.manager,
      project.id,
      p.participants.map((q) => ({
        ...q,
        sourceKey: q.role === ParticipantRole.LEAD ? leadSource : partnerSource,
      })),
    );
    if (p.topicIds.length) await this.repo.addTopics(w.manager, project.id, p.topicIds, sourceKey);
    w.audit({
      entityType: 'Project',
      entityId: project.id,
      before: null,
      after: {
        ...this.repo.snapshot(project),
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
        const { project: before, participants } = await this.checks.lock(w, id, input.version);
        const changes: ProjectChanges = {};
        for (const k of UPDATABLE) {
          if (input[k] === undefined) continue;
          if (input[k] === null && NOT_NULL.has(k))
            throw new BadInputError(`input.${k}`, 'cannot be null');
          (changes as Record<string, unknown>)[k] = input[k];
        }
        const after = { ...before, ...changes } as Project;
        await this.checks.enforceRules(
          w,
          before.programmeId,
          { ...after, participants },
          {
            deadlineOverrideReason: input.deadlineOverrideReason ?? null,
            endDateChanged: input.endDate !== undefined && input.endDate !== before.endDate,
          },
        );
        // Facts set here now come from the API; cleared facts have no source.
        const facts = Object.keys(changes).filter((k) => k !== 'deadlineOverrideReason');
        const project = await this.repo.update(w.manager, id, changes, {
          set: Object.fromEntries(
            facts.filter((k) => after[k as keyof Project] !== null).map((k) => [k, API_SOURCE]),
          ),
          cleared: facts.filter((k) => after[k as keyof Project] === null),
        });
        w.audit({
          entityType: 'Project',
          entityId: id,
          before: this.repo.snapshot(before),
          after: this.repo.snapshot(project),
          reason: input.deadlineOverrideReason ?? null,
        });
        return project;
      },
    );
  }
}
