import { sql, statementSet } from '../../common/statements';
import { LinkKind } from './organisation-edges.sql';
import { OVERDUE_SQL, PARTICIPANT_COUNTS_SQL } from './compliance.query';
import {
  NETWORK_EDGES_SQL,
  NETWORK_INCOMPLETE_SQL,
  NETWORK_MEMBERS_SQL,
  NETWORK_NODES_SQL,
} from './network-view.query';
import { RECOMMENDATION_CANDIDATES_SQL } from './recommended-partners.query';
import { similarProjectsSql, uncommittedSimilarPairsSql } from './similarity.query';

/**
 * Every statement of the network queries that the graph engines do not send
 * (NetworkRepository): topics, similarity, gaps, recommendations' candidates and the drawn
 * network. Rendered into src/queries/network.repository.sql by `npm run sql`. The SQL is
 * written in the *.query.ts files beside this one, which the dashboard shares.
 */

/** Earlier: ended before the subject started, or in a programme with an earlier deadline.
 * Parallel: overlapping dates, or the same programme. Later projects are not prior work. */
const PRIOR_RELATION = `CASE
    WHEN p.end_date IS NOT NULL AND s.start_date IS NOT NULL AND p.end_date < s.start_date THEN 'EARLIER'
    WHEN p.start_date IS NOT NULL AND s.end_date IS NOT NULL AND p.start_date > s.end_date THEN NULL
    WHEN p.start_date IS NOT NULL AND s.start_date IS NOT NULL THEN 'PARALLEL'
    WHEN pp.completion_deadline < sp.completion_deadline THEN 'EARLIER'
    WHEN pp.id = sp.id THEN 'PARALLEL'
    ELSE NULL END`;

export interface SimilarRow {
  id: number;
  score: number;
  topic_score: number;
  text_score: number;
}

export interface SimilarPairRow {
  a: number;
  b: number;
  score: number;
  topic_score: number;
  text_score: number;
  total: number;
}

export interface RecommendationCandidateRow {
  org: number;
  topic_share: number;
  topic_ids: number[];
  same_region: boolean;
  same_language: boolean;
  partner: boolean;
}

export interface NetworkEdgeRow {
  a: number;
  b: number;
  weight: number;
  kinds: LinkKind[];
}

type NetworkFilter = [programme: number | null, topic: number | null, region: string | null];
const FILTER_PARAMS = ['programme id or null', 'topic id or null', 'region code or null'];

/**
 * Every statement here reads, and the graph questions may be a moment stale: a standby answers
 * them outside mutations (docs/scaling.md).
 */
const REPLICA = { replica: true } as const;

export const NETWORK_SQL = statementSet('network.repository', 'NetworkRepository', {
  projectsOfOrganisation: sql<{ project_id: number }, [organisation: number]>(
    ['organisation'],
    'SELECT project_id FROM participation WHERE organisation_id = $1 ORDER BY project_id',
    REPLICA,
  ),

  /** Topics both sides' projects carry, with the projects of each side. */
  topicOverlap: sql<{ topic_id: number; a: number[]; b: number[] }, [a: number[], b: number[]]>(
    ['projects of side a', 'projects of side b'],
    `
    WITH sides AS (
      SELECT 'a' AS side, topic_id, project_id FROM project_topic WHERE project_id = ANY($1::int[])
      UNION ALL
      SELECT 'b', topic_id, project_id FROM project_topic WHERE project_id = ANY($2::int[]))
    SELECT topic_id,
           array_agg(DISTINCT project_id ORDER BY project_id) FILTER (WHERE side = 'a') AS a,
           array_agg(DISTINCT project_id ORDER BY project_id) FILTER (WHERE side = 'b') AS b
    FROM sides GROUP BY topic_id
    HAVING bool_or(side = 'a') AND bool_or(side = 'b')
    ORDER BY topic_id`,
    REPLICA,
  ),

  /** Projects with incomplete participant lists that do not list every one of the organisations. */
  incompleteWithout: sql<{ n: number }, [organisations: number[]]>(
    ['organisations'],
    `
    SELECT count(*)::int AS n FROM project p WHERE NOT p.participants_known AND (
      SELECT count(*) FROM participation pa WHERE pa.project_id = p.id AND pa.organisation_id = ANY($1::int[])
    ) < cardinality($1::int[])`,
    REPLICA,
  ),

  /** How many of the projects have incomplete participant lists. */
  incompleteAmong: sql<{ n: number }, [projects: number[]]>(
    ['projects'],
    'SELECT count(*)::int AS n FROM project WHERE id = ANY($1::int[]) AND NOT participants_known',
    REPLICA,
  ),

  similarProjects: sql<SimilarRow, [project: number, minScore: number, first: number]>(
    ['project', 'minimum score', 'limit'],
    similarProjectsSql(),
    REPLICA,
  ),

  /** Projects of others (no shared participant) on the same topics, earlier or parallel. */
  priorWork: sql<
    { id: number; score: number; extra: 'EARLIER' | 'PARALLEL' },
    [project: number, minScore: number, first: number]
  >(
    ['project', 'minimum score', 'limit'],
    similarProjectsSql({
      where: `EXISTS (SELECT 1 FROM project_topic x JOIN at ON at.topic_id = x.topic_id WHERE x.project_id = p.id)
          AND NOT EXISTS (
            SELECT 1 FROM participation x JOIN participation y ON y.organisation_id = x.organisation_id
            WHERE x.project_id = $1 AND y.project_id = p.id)`,
      extra: `(SELECT ${PRIOR_RELATION} FROM project s JOIN programme sp ON sp.id = s.programme_id
                 JOIN programme pp ON pp.id = p.programme_id WHERE s.id = $1)`,
      keep: 'extra IS NOT NULL',
    }),
    REPLICA,
  ),

  uncommittedSimilarPairs: sql<
    SimilarPairRow,
    [programme: number, threshold: number, first: number]
  >(['programme id', 'threshold', 'limit'], uncommittedSimilarPairsSql, REPLICA),

  participantCounts: sql<
    { id: number; participants_known: boolean; participants: number },
    [programme: number]
  >(['programme id'], PARTICIPANT_COUNTS_SQL, REPLICA),

  overdue: sql<{ id: number; deadline: string; status: string }, [programme: number, asOf: string]>(
    ['programme id', 'as of (date)'],
    OVERDUE_SQL,
    REPLICA,
  ),

  recommendationCandidates: sql<
    RecommendationCandidateRow,
    [subject: number[], topicProjects: number[], reached: number[]]
  >(
    ['subject organisations', "the subject's projects", 'organisations 2–3 links away'],
    RECOMMENDATION_CANDIDATES_SQL,
    REPLICA,
  ),

  networkNodes: sql<{ org: number }, [...NetworkFilter, limit: number]>(
    [...FILTER_PARAMS, 'maxNodes + 1'],
    NETWORK_NODES_SQL,
    REPLICA,
  ),
  networkEdges: sql<NetworkEdgeRow, NetworkFilter>(FILTER_PARAMS, NETWORK_EDGES_SQL, REPLICA),
  networkMembers: sql<{ org: number; project_id: number }, NetworkFilter>(
    FILTER_PARAMS,
    NETWORK_MEMBERS_SQL,
    REPLICA,
  ),
  networkIncomplete: sql<{ n: number }, NetworkFilter>(
    FILTER_PARAMS,
    NETWORK_INCOMPLETE_SQL,
    REPLICA,
  ),
});
