import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { snapshot } from '../audit/snapshot';
import { type Queryable, rowsOf } from '../common/statements';
import { Project } from './project.entity';
import { ParticipantRole, ProjectCategory, ProjectStatus } from './project.enums';
import {
  PROJECT_WRITES_SQL,
  type ParticipantFact,
  type ProjectAccessRow,
  type ProjectWriteRow,
} from './sql/project-writes.statements';

/** A project with its participants, as a write found it under lock. */
export interface LockedProject {
  project: Project;
  participants: ParticipantFact[];
}

/** The facts an update may set, by field name; undefined leaves a fact as it is. */
export interface ProjectChanges {
  titleSv?: string | null;
  titleFi?: string | null;
  titleEn?: string | null;
  description?: string | null;
  category?: ProjectCategory | null;
  status?: ProjectStatus | null;
  startDate?: string | null;
  endDate?: string | null;
  grantEur?: number | null;
  grantIsMaximum?: boolean | null;
  participantsKnown?: boolean | null;
  deadlineOverrideReason?: string | null;
}

/** A project row to insert (the `insert` statement's parameters, by name). */
export interface ProjectInsert {
  programmeId: number;
  category: ProjectCategory;
  listPosition: number | null;
  titleSv: string | null;
  titleFi: string | null;
  titleEn: string | null;
  description: string | null;
  status: ProjectStatus;
  startDate: string | null;
  endDate: string | null;
  grantEur: number | null;
  grantIsMaximum: boolean;
  participantsKnown: boolean;
  deadlineOverrideReason: string | null;
  provenance: Record<string, string>;
  period: string | null;
}

/**
 * The projects write side's access to PostgreSQL (sql/project-writes.statements.ts). Every method
 * takes the mutation's transaction (`tx`, the WriteScope's manager) and sends one declared
 * statement; the DataSource is held only for the entity metadata that audit snapshots need.
 */
@Injectable()
export class ProjectWritesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Who takes part in each of the projects, in id order; missing ids are left out. */
  accessOf(tx: Queryable, ids: readonly number[]): Promise<ProjectAccessRow[]> {
    return rowsOf(tx, PROJECT_WRITES_SQL.accessOf, [[...ids]]);
  }

  /** The project and its participants, locked for the transaction; null when there is none. */
  async lock(tx: Queryable, id: number): Promise<LockedProject | null> {
    const [row] = await rowsOf(tx, PROJECT_WRITES_SQL.lock, [id]);
    if (!row) return null;
    const { participants, ...project } = row;
    return { project: toProject(project), participants };
  }

  /** Which of the ids are organisations. */
  async existingOrganisations(tx: Queryable, ids: readonly number[]): Promise<Set<number>> {
    const rows = await rowsOf(tx, PROJECT_WRITES_SQL.existingOrganisations, [[...ids]]);
    return new Set(rows.map((r) => r.id));
  }

  /** Which of the ids are topics. */
  async existingTopics(tx: Queryable, ids: readonly number[]): Promise<Set<number>> {
    const rows = await rowsOf(tx, PROJECT_WRITES_SQL.existingTopics, [[...ids]]);
    return new Set(rows.map((r) => r.id));
  }

  /** The id of the project at a list position of a programme's category, or null. */
  async listingHolder(
    tx: Queryable,
    programmeId: number,
    category: ProjectCategory,
    position: number,
  ): Promise<number | null> {
    const [row] = await rowsOf(tx, PROJECT_WRITES_SQL.listingHolder, [
      programmeId,
      category,
      position,
    ]);
    return row?.id ?? null;
  }

  async insert(tx: Queryable, p: ProjectInsert): Promise<Project> {
    const [row] = await rowsOf(tx, PROJECT_WRITES_SQL.insert, [
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
      p.provenance,
      p.period,
    ]);
    return toProject(row);
  }

  /**
   * Sets the given facts and bumps the version. `provenance.set` names the source of each fact
   * set; `provenance.cleared` the facts that no longer have one.
   */
  async update(
    tx: Queryable,
    id: number,
    changes: ProjectChanges,
    provenance: { set: Record<string, string>; cleared: string[] },
  ): Promise<Project> {
    const changed = Object.entries(changes)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    const [row] = await rowsOf(tx, PROJECT_WRITES_SQL.update, [
      id,
      changed,
      changes.titleSv ?? null,
      changes.titleFi ?? null,
      changes.titleEn ?? null,
      changes.description ?? null,
      changes.category ?? null,
      changes.status ?? null,
      changes.startDate ?? null,
      changes.endDate ?? null,
      changes.grantEur ?? null,
      changes.grantIsMaximum ?? null,
      changes.participantsKnown ?? null,
      changes.deadlineOverrideReason ?? null,
      provenance.cleared,
      provenance.set,
    ]);
    return toProject(row);
  }

  /** A new version of the project, for a change to its participants or topics. */
  async bump(tx: Queryable, id: number): Promise<Project> {
    const [row] = await rowsOf(tx, PROJECT_WRITES_SQL.bump, [id]);
    return toProject(row);
  }

  async addParticipants(
    tx: Queryable,
    projectId: number,
    participants: readonly { organisationId: number; role: ParticipantRole; sourceKey: string }[],
  ): Promise<void> {
    await rowsOf(tx, PROJECT_WRITES_SQL.addParticipants, [
      projectId,
      participants.map((q) => q.organisationId),
      participants.map((q) => q.role),
      participants.map((q) => q.sourceKey),
    ]);
  }

  async removeParticipant(tx: Queryable, projectId: number, organisationId: number) {
    await rowsOf(tx, PROJECT_WRITES_SQL.removeParticipant, [projectId, organisationId]);
  }

  /** The project's topic ids, ascending. */
  async topicIdsOf(tx: Queryable, projectId: number): Promise<number[]> {
    return (await rowsOf(tx, PROJECT_WRITES_SQL.topicIdsOf, [projectId])).map((r) => r.topicId);
  }

  async addTopics(tx: Queryable, projectId: number, topicIds: number[], sourceKey: string) {
    await rowsOf(tx, PROJECT_WRITES_SQL.addTopics, [projectId, topicIds, sourceKey]);
  }

  async replaceTopics(tx: Queryable, projectId: number, topicIds: number[], sourceKey: string) {
    await rowsOf(tx, PROJECT_WRITES_SQL.replaceTopics, [projectId, topicIds, sourceKey]);
  }

  /** The project as the audit trail and idempotent retries keep it. */
  snapshot(project: Project): Record<string, unknown> {
    return snapshot(this.ds, Project, project);
  }
}

function toProject(row: ProjectWriteRow): Project {
  return Object.assign(Object.create(Project.prototype) as Project, row);
}
