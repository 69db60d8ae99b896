import { Queryable, rowsOf } from '../common/statements';
import { LinkKind } from './sql/organisation-edges.sql';
import { GRAPH_SQL, kindFlags, LinkBackRow, ParentLinkRow } from './sql/graph.statements';

/** The SQL engine's search steps (sql/graph.statements.ts), over the pool or any Queryable. */
export class GraphSteps {
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
}
