import { sql, statementSet } from '../../common/statements';
import { ParticipantRole, ProjectCategory, ProjectStatus } from '../project.enums';
import { type ProjectRow } from './projects.statements';

/**
 * Every statement of the projects write side (ProjectWritesRepository): creating and changing
 * projects, their participants and topics, and what a write reads first (the project under lock,
 * the programme's rules, whether named organisations and topics exist). Each runs in the
 * mutation's transaction. Rendered into src/queries/project-writes.repository.sql by `npm run sql`.
 */

/** A project as a write returns and audits it: every column of the Project entity. */
export interface ProjectWriteRow extends ProjectRow {
  period: string | null;
  datasetKey: string | null;
}

/** A participant as the programme rules and the audit trail see it. */
export interface ParticipantFact {
  organisationId: number;
  role: ParticipantRole;
}

/** A project locked for a write, with its participants (by organisation id). */
export interface LockedProjectRow extends ProjectWriteRow {
  participants: ParticipantFact[];
}

/** What deciding who may write for a project needs: who takes part in it. */
export interface ProjectAccessRow {
  id: number;
  programmeId: number;
  status: ProjectStatus;
  version: number;
  /** Organisation ids, ascending. */
  participantIds: number[];
}

/** The programme rules a project is checked against; null where the rule is not known. */
export interface ProgrammeRulesRow {
  id: number;
  minParticipants: number | null;
  completionDeadline: string | null;
}

export interface IdRow {
  id: number;
}

/** The project columns as the entity's properties. */
const PROJECT_COLUMNS = `id, programme_id AS "programmeId", category, list_position AS "listPosition",
           title_sv AS "titleSv", title_fi AS "titleFi", title_en AS "titleEn", description, status,
           start_date AS "startDate", end_date AS "endDate", period, dataset_key AS "datasetKey",
           grant_eur::float8 AS "grantEur", grant_is_maximum AS "grantIsMaximum",
           participants_known AS "participantsKnown", provenance, synthetic,
           deadline_override_reason AS "deadlineOverrideReason", version,
           created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The facts an update may set; each is given with the list of those it sets (`$2`). */
export type ProjectUpdateParams = [
  id: number,
  changed: string[],
  titleSv: string | null,
  titleFi: string | null,
  titleEn: string | null,
  description: string | null,
  category: ProjectCategory | null,
  status: ProjectStatus | null,
  startDate: string | null,
  endDate: string | null,
  grantEur: number | null,
  grantIsMaximum: boolean | null,
  participantsKnown: boolean | null,
  deadlineOverrideReason: string | null,
  clearedFacts: string[],
  factSources: Record<string, string>,
];

/** `column = $n` when the update names `field` (in `$2`), else the column unchanged. */
const setIfNamed = (column: string, field: string, param: string) =>
  `${column} = CASE WHEN '${field}' = ANY($2::text[]) THEN ${param} ELSE ${column} END`;

export const PROJECT_WRITES_SQL = statementSet(
  'project-writes.repository',
  'ProjectWritesRepository',
  {
    /**
     * Who takes part in each project, for deciding who may write for them (no lock: the rows that
     * change, such as a commitment, are locked instead).
     */
    accessOf: sql<ProjectAccessRow, [ids: number[]]>(
      ['project ids'],
      `
    SELECT p.id, p.programme_id AS "programmeId", p.status, p.version,
           COALESCE((SELECT array_agg(pa.organisation_id ORDER BY pa.organisation_id)
                       FROM participation pa WHERE pa.project_id = p.id), '{}') AS "participantIds"
      FROM project p
     WHERE p.id = ANY($1::int[])
     ORDER BY p.id`,
    ),

    /** A project and its participants, locked for the rest of the transaction. */
    lock: sql<LockedProjectRow, [id: number]>(
      ['project id'],
      `
    SELECT ${PROJECT_COLUMNS},
           COALESCE((SELECT json_agg(json_build_object('organisationId', pa.organisation_id, 'role', pa.role)
                                     ORDER BY pa.organisation_id)
                       FROM participation pa WHERE pa.project_id = project.id), '[]') AS participants
      FROM project
     WHERE id = $1
       FOR UPDATE`,
    ),

    existingOrganisations: sql<IdRow, [ids: number[]]>(
      ['organisation ids'],
      `
    SELECT id FROM organisation WHERE id = ANY($1::int[])`,
    ),

    existingTopics: sql<IdRow, [ids: number[]]>(
      ['topic ids'],
      `
    SELECT id FROM topic WHERE id = ANY($1::int[])`,
    ),

    /** The project holding a list position of a programme's category, if any. */
    listingHolder: sql<IdRow, [programmeId: number, category: ProjectCategory, position: number]>(
      ['programme id', 'category', 'list position'],
      `
    SELECT id FROM project
     WHERE programme_id = $1 AND category = $2::project_category AND list_position = $3`,
    ),

    insert: sql<
      ProjectWriteRow,
      [
        programmeId: number,
        category: ProjectCategory,
        listPosition: number | null,
        titleSv: string | null,
        titleFi: string | null,
        titleEn: string | null,
        description: string | null,
        status: ProjectStatus,
        startDate: string | null,
        endDate: string | null,
        grantEur: number | null,
        grantIsMaximum: boolean,
        participantsKnown: boolean,
        deadlineOverrideReason: string | null,
        provenance: Record<string, string>,
        period: string | null,
      ]
    >(
      [
        'programme id',
        'category',
        'list position',
        'titleSv',
        'titleFi',
        'titleEn',
        'description',
        'status',
        'startDate',
        'endDate',
        'grantEur',
        'grantIsMaximum',
        'participantsKnown',
        'deadlineOverrideReason',
        'provenance { fact: source key }',
        'period',
      ],
      `
    INSERT INTO project (programme_id, category, list_position, title_sv, title_fi, title_en,
                         description, status, start_date, end_date, grant_eur, grant_is_maximum,
                         participants_known, deadline_override_reason, provenance, period)
    VALUES ($1, $2::project_category, $3, $4, $5, $6, $7, $8::project_status, $9::date, $10::date,
            $11::numeric, $12, $13, $14, $15::jsonb, $16)
    RETURNING ${PROJECT_COLUMNS}`,
    ),

    /**
     * Sets the named facts (`$2`, by field name), drops the sources of cleared facts (`$15`) and
     * records the API as the source of the set ones (`$16`), and bumps the version.
     */
    update: sql<ProjectWriteRow, ProjectUpdateParams>(
      [
        'project id',
        'fields set',
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
        'facts cleared',
        'facts set { fact: source key }',
      ],
      `
    UPDATE project SET
           ${setIfNamed('title_sv', 'titleSv', '$3::text')},
           ${setIfNamed('title_fi', 'titleFi', '$4::text')},
           ${setIfNamed('title_en', 'titleEn', '$5::text')},
           ${setIfNamed('description', 'description', '$6::text')},
           ${setIfNamed('category', 'category', '$7::project_category')},
           ${setIfNamed('status', 'status', '$8::project_status')},
           ${setIfNamed('start_date', 'startDate', '$9::date')},
           ${setIfNamed('end_date', 'endDate', '$10::date')},
           ${setIfNamed('grant_eur', 'grantEur', '$11::numeric')},
           ${setIfNamed('grant_is_maximum', 'grantIsMaximum', '$12::boolean')},
           ${setIfNamed('participants_known', 'participantsKnown', '$13::boolean')},
           ${setIfNamed('deadline_override_reason', 'deadlineOverrideReason', '$14::text')},
           provenance = (provenance - $15::text[]) || $16::jsonb,
           version = version + 1, updated_at = now()
     WHERE id = $1
    RETURNING ${PROJECT_COLUMNS}`,
    ),

    /** A change to the participants or topics is a change to the project: a new version. */
    bump: sql<ProjectWriteRow, [id: number]>(
      ['project id'],
      `
    UPDATE project SET version = version + 1, updated_at = now()
     WHERE id = $1
    RETURNING ${PROJECT_COLUMNS}`,
    ),

    addParticipants: sql<
      never,
      [projectId: number, organisationIds: number[], roles: ParticipantRole[], sourceKeys: string[]]
    >(
      ['project id', 'organisation ids', 'roles', 'source keys'],
      `
    INSERT INTO participation (project_id, organisation_id, role, source_key)
    SELECT $1::int, o, r::participant_role, s
      FROM unnest($2::int[], $3::text[], $4::text[]) AS t(o, r, s)`,
    ),

    removeParticipant: sql<never, [projectId: number, organisationId: number]>(
      ['project id', 'organisation id'],
      `
    DELETE FROM participation WHERE project_id = $1 AND organisation_id = $2`,
    ),

    topicIdsOf: sql<{ topicId: number }, [projectId: number]>(
      ['project id'],
      `
    SELECT topic_id AS "topicId" FROM project_topic WHERE project_id = $1 ORDER BY topic_id`,
    ),

    /** Topics of a new project. */
    addTopics: sql<never, [projectId: number, topicIds: number[], sourceKey: string]>(
      ['project id', 'topic ids', 'source key'],
      `
    INSERT INTO project_topic (project_id, topic_id, source_key)
    SELECT $1::int, unnest($2::int[]), $3::text`,
    ),

    /** Makes a project's topics exactly `$2`: the ones kept keep their source. */
    replaceTopics: sql<never, [projectId: number, topicIds: number[], sourceKey: string]>(
      ['project id', 'topic ids', 'source key of the added'],
      `
    WITH gone AS (
      DELETE FROM project_topic WHERE project_id = $1 AND NOT (topic_id = ANY($2::int[])))
    INSERT INTO project_topic (project_id, topic_id, source_key)
    SELECT $1::int, unnest($2::int[]), $3::text
        ON CONFLICT DO NOTHING`,
    ),
  },
);
