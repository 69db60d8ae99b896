import { Client } from 'pg';
import { Queryable, rowsOf } from '../common/statements';
import { LinkKind } from './sql/organisation-edges.sql';
import {
  ChecksumsRow,
  GRAPH_SQL,
  IdLinkRow,
  IdPairRow,
  IndexBoundsRow,
  kindFlags,
  LinkBackRow,
  ParentLinkRow,
} from './sql/graph.statements';

/** A pg client as a Queryable: its result's rows. */
export function clientQueryable(client: Client): Queryable {
  return {
    query: async (text, params) => (await client.query(text, params)).rows as unknown[],
  };
}

/**
 * The graph engines' access to PostgreSQL: every statement is declared in
 * sql/graph.statements.ts. Over the DataSource (the SQL engine's steps, the periodic check) or
 * over one client in a snapshot (the index's build and refreshes: clientQueryable).
 */
export class GraphRepository {
  constructor(private readonly db: Queryable) {}

  async nextLevel(
    frontier: number[],
    paths: number[],
    reached: number[],
    kinds: readonly LinkKind[],
  ): Promise<{ org: number; paths: number }[]> {
    return rowsOf(this.db, GRAPH_SQL.nextLevel, [frontier, paths, reached, ...kindFlags(kinds)]);
  }

  linksBack(
    targets: number[],
    previous: number[],
    k: number,
    kinds: readonly LinkKind[],
  ): Promise<LinkBackRow[]> {
    return rowsOf(this.db, GRAPH_SQL.linksBack, [targets, previous, k, ...kindFlags(kinds)]);
  }

  nextLevelWithParents(
    frontier: number[],
    visited: number[],
    kinds: readonly LinkKind[],
  ): Promise<ParentLinkRow[]> {
    return rowsOf(this.db, GRAPH_SQL.nextLevelWithParents, [
      frontier,
      visited,
      ...kindFlags(kinds),
    ]);
  }

  async incompleteProjects(organisations: number[], kinds: readonly LinkKind[]): Promise<number> {
    const [project, commitment, reuse] = kindFlags(kinds);
    const [row] = await rowsOf(this.db, GRAPH_SQL.incompleteProjects, [
      organisations,
      project,
      commitment,
      reuse,
    ]);
    return row.n;
  }

  async bounds(): Promise<IndexBoundsRow> {
    const [row] = await rowsOf(this.db, GRAPH_SQL.bounds, []);
    return row;
  }

  async checksums(): Promise<ChecksumsRow> {
    const [row] = await rowsOf(this.db, GRAPH_SQL.checksums, []);
    return row;
  }

  /** The lists a change re-reads; an empty id list reads nothing. */
  projectMembers(projects: number[]): Promise<IdPairRow[]> {
    return this.ifAny(projects, () => rowsOf(this.db, GRAPH_SQL.refreshProjectMembers, [projects]));
  }

  organisationProjects(organisations: number[]): Promise<IdPairRow[]> {
    return this.ifAny(organisations, () =>
      rowsOf(this.db, GRAPH_SQL.refreshOrganisationProjects, [organisations]),
    );
  }

  commitments(projects: number[]): Promise<IdLinkRow[]> {
    return this.ifAny(projects, () => rowsOf(this.db, GRAPH_SQL.refreshCommitments, [projects]));
  }

  reuse(projects: number[]): Promise<IdLinkRow[]> {
    return this.ifAny(projects, () => rowsOf(this.db, GRAPH_SQL.refreshReuse, [projects]));
  }

  members(organisations: number[]): Promise<IdPairRow[]> {
    return this.ifAny(organisations, () =>
      rowsOf(this.db, GRAPH_SQL.refreshMembers, [organisations]),
    );
  }

  async incomplete(projects: number[]): Promise<number[]> {
    const rows = await this.ifAny(projects, () =>
      rowsOf(this.db, GRAPH_SQL.refreshIncomplete, [projects]),
    );
    return rows.map((r) => r.id);
  }

  private async ifAny<T>(ids: number[], read: () => Promise<T[]>): Promise<T[]> {
    return ids.length ? read() : [];
  }
}
