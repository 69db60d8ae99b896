import { LinkRow, LinkSource, Reached } from './breadth-first';
import { GraphSteps } from './graph-steps.repository';
import { compareLinks, GraphIndex, IndexLink, kindSet } from './graph-index';
import { LinkKind } from './sql/organisation-edges.sql';

/** The reference engine: one statement per step, inside PostgreSQL (GraphSteps). */
export class SqlLinks implements LinkSource {
  readonly engine = 'SQL' as const;
  /** SQL reads the committed data of the moment. */
  readonly asOf = new Date();

  constructor(private readonly repo: GraphSteps) {}

  async nextLevel(frontier: Reached[], reached: Map<number, Reached>, kinds: readonly LinkKind[]) {
    const rows = await this.repo.nextLevel(
      frontier.map((r) => r.org),
      frontier.map((r) => r.paths),
      [...reached.keys()],
      kinds,
    );
    return rows.map((r) => ({ org: r.org, paths: Number(r.paths) }));
  }

  /** The reference: the whole next level, counted. */
  async countNextLevel(
    frontier: Reached[],
    reached: Map<number, Reached>,
    kinds: readonly LinkKind[],
  ): Promise<number> {
    return (await this.nextLevel(frontier, reached, kinds)).length;
  }

  linksBack(targets: number[], previous: Reached[], k: number, kinds: readonly LinkKind[]) {
    return this.repo.linksBack(
      targets,
      previous.map((r) => r.org),
      k,
      kinds,
    );
  }

  async nextLevelWithParents(
    frontier: number[],
    visited: Map<number, unknown>,
    kinds: readonly LinkKind[],
    within?: Map<number, unknown>,
  ) {
    const rows = await this.repo.nextLevelWithParents(frontier, [...visited.keys()], kinds);
    return within ? rows.filter((r) => within.has(r.org)) : rows;
  }

  incompleteProjects(organisations: number[], kinds: readonly LinkKind[]): Promise<number> {
    if (organisations.length === 0) return Promise.resolve(0);
    return this.repo.incompleteProjects(organisations, kinds);
  }
}

const row = (l: IndexLink): LinkRow => ({
  kind: l.kind,
  via_id: l.viaId,
  via_from: l.viaFrom,
  via_to: l.viaTo,
});

/**
 * The same steps over the in-memory index (graph-index.ts). Path counts are summed in a
 * Float64Array indexed by organisation id, as SQL sums float8.
 */
export class IndexLinks implements LinkSource {
  readonly engine = 'INDEX' as const;

  constructor(
    private readonly index: GraphIndex,
    readonly asOf: Date,
  ) {}

  nextLevel(frontier: Reached[], reached: Map<number, Reached>, kinds: readonly LinkKind[]) {
    const k = kindSet(kinds);
    // Typed arrays instead of maps: a level of 80,000 organisations visits millions of links.
    const seen = this.index.markOf(reached.keys());
    const sums = new Float64Array(seen.length);
    const touched: number[] = [];
    let paths = 0;
    // Organisations added after the build can lie past the mark: counted in a map.
    const beyond = new Map<number, number>();
    const visit = (dst: number) => {
      if (dst >= seen.length) {
        if (!reached.has(dst)) beyond.set(dst, (beyond.get(dst) ?? 0) + paths);
        return;
      }
      if (seen[dst] === 1) return;
      if (seen[dst] === 0) {
        seen[dst] = 2;
        touched.push(dst);
      }
      sums[dst] += paths;
    };
    for (const f of frontier) {
      paths = f.paths;
      this.index.forEachDestination(f.org, k, visit);
    }
    const level = touched.map((org) => ({ org, paths: sums[org] }));
    for (const [org, p] of beyond) level.push({ org, paths: p });
    return Promise.resolve(level);
  }

  countNextLevel(frontier: Reached[], reached: Map<number, Reached>, kinds: readonly LinkKind[]) {
    return Promise.resolve(
      this.index.countNext(
        frontier.map((r) => r.org),
        reached,
        kindSet(kinds),
      ),
    );
  }

  linksBack(targets: number[], previous: Reached[], k: number, kinds: readonly LinkKind[]) {
    const ks = kindSet(kinds);
    const sorted = [...new Set(targets)].sort((a, b) => a - b);
    const prevIds = previous.map((r) => r.org);
    const byTarget = new Map<number, IndexLink[]>(sorted.map((t) => [t, []]));
    // Links are symmetric: walk them from whichever side has fewer (targets are often hubs).
    const load = (ids: number[]) =>
      ids.reduce(
        (sum, o) =>
          sum + this.index.orgProjects.targets(o).length + this.index.members.targets(o).length,
        0,
      );
    if (load(prevIds) < load(sorted)) {
      const mark = this.index.markOf(sorted);
      for (const pred of prevIds)
        for (const l of this.index.linksFrom(pred, ks, (d) => mark[d] === 1))
          byTarget.get(l.dst)!.push({
            src: l.dst,
            dst: pred,
            kind: l.kind,
            viaId: l.viaId,
            viaFrom: l.viaTo,
            viaTo: l.viaFrom,
          });
    } else {
      const mark = this.index.markOf(prevIds);
      for (const t of sorted)
        byTarget.set(
          t,
          this.index.linksFrom(t, ks, (d) => mark[d] === 1),
        );
    }
    const out: (LinkRow & { target: number; pred: number })[] = [];
    for (const t of sorted) {
      const links = byTarget.get(t)!.sort(compareLinks);
      for (const l of links.slice(0, k)) out.push({ ...row(l), target: t, pred: l.dst });
    }
    return Promise.resolve(out);
  }

  nextLevelWithParents(
    frontier: number[],
    visited: Map<number, unknown>,
    kinds: readonly LinkKind[],
    within?: Map<number, unknown>,
  ) {
    const ks = kindSet(kinds);
    const best = new Map<number, IndexLink>();
    const seen = this.index.markOf(visited.keys());
    // Organisations outside `within` are marked as if visited: no link to them is made.
    if (within) {
      const inside = this.index.markOf(within.keys());
      for (let d = 0; d < seen.length; d++) if (inside[d] !== 1) seen[d] = 1;
    }
    // Which source first reached each organisation (+1; 0: none yet). Organisations past the
    // mark (added since the build) are left to the map.
    const claimed = new Int32Array(seen.length);
    let current = 0;
    const keep = (d: number) =>
      d >= seen.length || (seen[d] !== 1 && (claimed[d] === 0 || claimed[d] === current + 1));
    // src is the first key of the order: the smallest source wins, then the link order; links
    // to organisations an earlier source reached are not even made.
    for (const src of [...frontier].sort((a, b) => a - b)) {
      current = src;
      for (const l of this.index.linksFrom(src, ks, keep)) {
        if (l.dst < claimed.length) claimed[l.dst] = src + 1;
        else if (visited.has(l.dst) || (within && !within.has(l.dst))) continue;
        const known = best.get(l.dst);
        if (!known || (known.src === l.src && compareLinks(l, known) < 0)) best.set(l.dst, l);
      }
    }
    return Promise.resolve(
      [...best.values()]
        .sort((a, b) => a.dst - b.dst)
        .map((l) => ({ ...row(l), org: l.dst, parent: l.src })),
    );
  }

  incompleteProjects(organisations: number[], kinds: readonly LinkKind[]): Promise<number> {
    return Promise.resolve(this.index.incompleteProjectsOf(organisations, kindSet(kinds)));
  }
}
