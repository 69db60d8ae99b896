/**
 * The rules behind cooperationGaps, as SQL conditions, so that the gaps
 * query and the dashboard's compliance figures judge a project the same way.
 * `p` is a project row, `pr` its programme.
 */

/** The participant rule is judged for projects that are not withdrawn. */
export const participantRuleApplies = (p: string) => `${p}.status <> 'WITHDRAWN'`;

/**
 * Past its end date (or the programme deadline when it has none) on the date
 * `asOf`, and not recorded as completed or withdrawn.
 */
export const overdueCondition = (p: string, pr: string, asOf: string) =>
  // A round with no published deadline leaves a project without an end date not overdue.
  `coalesce(${p}.status IN ('GRANTED', 'ACTIVE') AND coalesce(${p}.end_date, ${pr}.completion_deadline) < ${asOf}::date, false)`;

/** Participant counts of programme $1's projects the participant rule applies to. */
export const PARTICIPANT_COUNTS_SQL = `
  SELECT p.id, p.participants_known, count(pa.organisation_id)::int AS participants
  FROM project p LEFT JOIN participation pa ON pa.project_id = p.id
  WHERE p.programme_id = $1 AND ${participantRuleApplies('p')}
  GROUP BY p.id ORDER BY p.id`;

/** Overdue projects of programme $1 on the date $2. */
export const OVERDUE_SQL = `
  SELECT p.id, to_char(coalesce(p.end_date, pr.completion_deadline), 'YYYY-MM-DD') AS deadline, p.status
  FROM project p JOIN programme pr ON pr.id = p.programme_id
  WHERE p.programme_id = $1 AND ${overdueCondition('p', 'pr', '$2')}
  ORDER BY p.id`;
