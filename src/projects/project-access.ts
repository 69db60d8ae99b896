import { EntityManager } from 'typeorm';
import { type Actor, actsFor } from '../auth/actor';
import { ForbiddenError } from '../auth/auth.service';
import { NotFoundError } from '../common/errors';
import { toGlobalId } from '../common/global-id';

/** What a write needs to know about a project to check the rules and the caller's rights. */
export interface ProjectForWrite {
  id: number;
  programmeId: number;
  status: string;
  version: number;
  participantIds: number[];
}

const PROJECTS_FOR_WRITE = `
  SELECT p.id, p.programme_id AS "programmeId", p.status, p.version,
         COALESCE((SELECT array_agg(pa.organisation_id) FROM participation pa
                    WHERE pa.project_id = p.id), '{}') AS "participantIds"
    FROM project p
   WHERE p.id = ANY($1)
   ORDER BY p.id`;

/**
 * Loads projects for a write, NOT_FOUND for any missing. With `lock`, the rows
 * are locked for the transaction (in id order, so two writers never deadlock).
 */
export async function projectsForWrite(
  manager: EntityManager,
  ids: number[],
  options: { lock?: boolean } = {},
): Promise<ProjectForWrite[]> {
  const rows: ProjectForWrite[] = await manager.query(
    PROJECTS_FOR_WRITE + (options.lock ? ' FOR UPDATE OF p' : ''),
    [ids],
  );
  for (const id of ids)
    if (!rows.some((r) => r.id === id))
      throw new NotFoundError('Project', toGlobalId('Project', id));
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** FORBIDDEN unless the actor may write for at least one of the projects. */
export function assertActsForAny(actor: Actor, projects: ProjectForWrite[]): void {
  if (!projects.some((p) => actsFor(actor, p.participantIds)))
    throw new ForbiddenError(
      projects.length === 1
        ? 'A coordinator may only change projects its municipalities take part in'
        : 'A coordinator may only act for projects its municipalities take part in',
    );
}
