import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../common/statements';
import {
  NETWORK_SQL,
  NetworkEdgeRow,
  RecommendationCandidateRow,
  SimilarPairRow,
  SimilarRow,
} from './sql/network.statements';

/** The drawn network's filter, ids resolved; null means "any". */
export interface NetworkFilter {
  programmeId: number | null;
  topicId: number | null;
  region: string | null;
}

/**
 * The network queries' access to PostgreSQL beyond the graph engines (GraphRepository): every
 * statement is declared in sql/network.statements.ts.
 */
@Injectable()
export class NetworkRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async projectsOfOrganisation(organisation: number): Promise<number[]> {
    const rows = await rowsOf(this.ds, NETWORK_SQL.projectsOfOrganisation, [organisation]);
    return rows.map((r) => r.project_id);
  }

  topicOverlap(a: number[], b: number[]) {
    return rowsOf(this.ds, NETWORK_SQL.topicOverlap, [a, b]);
  }

  async incompleteWithout(organisations: number[]): Promise<number> {
    const [row] = await rowsOf(this.ds, NETWORK_SQL.incompleteWithout, [organisations]);
    return row.n;
  }

  async incompleteAmong(projects: number[]): Promise<number> {
    const [row] = await rowsOf(this.ds, NETWORK_SQL.incompleteAmong, [projects]);
    return row.n;
  }

  similarProjects(project: number, minScore: number, first: number): Promise<SimilarRow[]> {
    return rowsOf(this.ds, NETWORK_SQL.similarProjects, [project, minScore, first]);
  }

  priorWork(project: number, minScore: number, first: number) {
    return rowsOf(this.ds, NETWORK_SQL.priorWork, [project, minScore, first]);
  }

  uncommittedSimilarPairs(
    programme: number,
    threshold: number,
    first: number,
  ): Promise<SimilarPairRow[]> {
    return rowsOf(this.ds, NETWORK_SQL.uncommittedSimilarPairs, [programme, threshold, first]);
  }

  participantCounts(programme: number) {
    return rowsOf(this.ds, NETWORK_SQL.participantCounts, [programme]);
  }

  overdue(programme: number, asOf: string) {
    return rowsOf(this.ds, NETWORK_SQL.overdue, [programme, asOf]);
  }

  recommendationCandidates(
    subject: number[],
    topicProjects: number[],
    reached: number[],
  ): Promise<RecommendationCandidateRow[]> {
    return rowsOf(this.ds, NETWORK_SQL.recommendationCandidates, [subject, topicProjects, reached]);
  }

  async networkNodes(f: NetworkFilter, limit: number): Promise<number[]> {
    const rows = await rowsOf(this.ds, NETWORK_SQL.networkNodes, [...params(f), limit]);
    return rows.map((r) => r.org);
  }

  networkEdges(f: NetworkFilter): Promise<NetworkEdgeRow[]> {
    return rowsOf(this.ds, NETWORK_SQL.networkEdges, params(f));
  }

  networkMembers(f: NetworkFilter) {
    return rowsOf(this.ds, NETWORK_SQL.networkMembers, params(f));
  }

  async networkIncomplete(f: NetworkFilter): Promise<number> {
    const [row] = await rowsOf(this.ds, NETWORK_SQL.networkIncomplete, params(f));
    return row.n;
  }
}

const params = (f: NetworkFilter): [number | null, number | null, string | null] => [
  f.programmeId,
  f.topicId,
  f.region,
];
