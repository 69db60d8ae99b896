import { sql, statementSet } from '../../common/statements';

/**
 * Every statement of OutputsRepository. Rendered into src/queries/outputs.repository.sql by
 * `npm run sql`.
 */

/** A project output row, named as the ProjectOutput entity's properties. */
export interface ProjectOutputRow {
  id: number;
  projectId: number;
  position: number;
  title: string;
  description: string | null;
  publishedAt: string | null;
  sourceKey: string;
}

export const OUTPUTS_SQL = statementSet('outputs.repository', 'OutputsRepository', {
  /** The first `$2` outputs of each project, in listed order. */
  ofProjects: sql<ProjectOutputRow, [projectIds: number[], perProject: number]>(
    ['project ids', 'most per project'],
    `
    SELECT id, project_id AS "projectId", position, title, description,
           published_at AS "publishedAt", source_key AS "sourceKey"
      FROM (SELECT o.*, row_number() OVER (PARTITION BY project_id ORDER BY position, id) AS n
              FROM project_output o
             WHERE project_id = ANY($1::int[])) x
     WHERE n <= $2::int
     ORDER BY project_id, position, id`,
    { replica: true },
  ),
});
