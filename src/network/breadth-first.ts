import { LinkRow } from './sql/graph.statements';
import { LinkKind } from './sql/organisation-edges.sql';

/** One hop of a path (the GraphQL NetworkLink), oriented from the previous organisation to the next. */
export interface NetworkLink {
  kind: LinkKind;
  viaId: number;
  fromProjectId: number | null;
  toProjectId: number | null;
}

/** A path as plain data (the service makes GraphQL NetworkPath objects of it). */
export interface NetworkPath {
  organisationIds: number[];
  links: NetworkLink[];
}

export interface Reached {
  org: number;
  distance: number;
  paths: number;
}

export type { LinkRow } from './sql/graph.statements';

/**
 * The three steps every search is made of, answered by one engine: the SQL
 * statements of sql/graph.statements.ts (SqlLinks) or the in-memory graph index
 * (IndexLinks). The searches below combine them the same way for both, so
 * the engines can only differ in these steps, which the differential test
 * compares.
 */
export interface LinkSource {
  /** The engine's name, and the data version its answers reflect. */
  readonly engine: 'SQL' | 'INDEX';
  readonly asOf: Date;
  /** Organisations first reached from `frontier` (not in `reached`), with the sum of the routes to their links' sources. */
  nextLevel(
    frontier: Reached[],
    reached: Map<number, Reached>,
    kinds: readonly LinkKind[],
  ): Promise<{ org: number; paths: number }[]>;
  /** How many organisations nextLevel would return (the level's size, without path counts). */
  countNextLevel(
    frontier: Reached[],
    reached: Map<number, Reached>,
    kinds: readonly LinkKind[],
  ): Promise<number>;
  /** Up to k links from each target to an organisation of `previous`, in the order (pred, kind, via_id, via_from). */
  linksBack(
    targets: number[],
    previous: Reached[],
    k: number,
    kinds: readonly LinkKind[],
  ): Promise<(LinkRow & { target: number; pred: number })[]>;
  /**
   * For each organisation first reached from `frontier` (not in `visited`), its smallest link,
   * ordered by organisation; with `within`, only the organisations in it (a search's last step
   * needs only where it meets the other side).
   */
  nextLevelWithParents(
    frontier: number[],
    visited: Map<number, unknown>,
    kinds: readonly LinkKind[],
    within?: Map<number, unknown>,
  ): Promise<(LinkRow & { org: number; parent: number })[]>;
  /** How many projects whose participant lists a search expanding `organisations` read are incomplete. */
  incompleteProjects(organisations: number[], kinds: readonly LinkKind[]): Promise<number>;
}

/** A link row seen from `src` towards `dst`, as a hop of a path. */
function hop(row: LinkRow): NetworkLink {
  return {
    kind: row.kind,
    viaId: row.via_id,
    fromProjectId: row.via_from,
    toProjectId: row.via_to,
  };
}

/** The same hop walked the other way. */
function reversed(link: NetworkLink): NetworkLink {
  return { ...link, fromProjectId: link.toProjectId, toProjectId: link.fromProjectId };
}

function path(organisationIds: number[], links: NetworkLink[]): NetworkPath {
  return { organisationIds, links };
}

/** Result order: nearest first, then most shortest routes, then id. */
export function inResultOrder(a: Reached, b: Reached): number {
  return a.distance - b.distance || b.paths - a.paths || a.org - b.org;
}

/**
 * The `k` first of `list` in result order, sorted: a bounded heap (its root the last of the
 * k kept), so a level of 50,000 organisations costs n·log k comparisons, not a full sort.
 */
export function firstInOrder(list: readonly Reached[], k: number): Reached[] {
  if (k <= 0) return [];
  if (list.length <= k) return [...list].sort(inResultOrder);
  const heap: Reached[] = [];
  const later = (i: number, j: number) => inResultOrder(heap[i], heap[j]) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  for (const r of list) {
    if (heap.length < k) {
      heap.push(r);
      for (let i = heap.length - 1; i > 0 && later(i, (i - 1) >> 1); i = (i - 1) >> 1)
        swap(i, (i - 1) >> 1);
    } else if (inResultOrder(r, heap[0]) < 0) {
      heap[0] = r;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const m = l + 1 < k && later(l + 1, l) ? l + 1 : l;
        if (l >= k || !later(m, i)) break;
        swap(i, m);
        i = m;
      }
    }
  }
  return heap.sort(inResultOrder);
}

/**
 * Level-by-level reach from one organisation. Levels are computed on
 * demand (a page near the start needs only the first levels; totalCount
 * needs them all), and cycles cannot loop: an organisation joins the first
 * level that reaches it and is never expanded again. A level is kept in the
 * order the engine found it and put in result order only when read: a page
 * needs the first few of a level, totalCount only its size.
 */
export class Reach {
  private readonly levels: Reached[][] = [];
  private readonly ordered: boolean[] = [true];
  private readonly reached = new Map<number, Reached>();
  private exhausted = false;
  /** The size of level maxDepth, when totalCount counted it without computing it. */
  private lastCount: number | undefined;

  /** `start`: one organisation, or several (e.g. a project's participants) searched from at once. */
  constructor(
    private readonly links: LinkSource,
    start: number | number[],
    readonly maxDepth: number,
    readonly kinds: readonly LinkKind[],
  ) {
    const level = [start].flat().map((org) => ({ org, distance: 0, paths: 1 }));
    for (const r of level) this.reached.set(r.org, r);
    this.levels.push(level);
  }

  /** Ids of the organisations at these distances (levels computed so far; any order). */
  idsAt(distances: number[]): number[] {
    return distances.flatMap((d) => (this.levels[d] ?? []).map((r) => r.org));
  }

  /** Distance from the start, if reached by the levels computed so far. */
  distanceOf(org: number): number | undefined {
    return this.reached.get(org)?.distance;
  }

  get depth(): number {
    return this.levels.length - 1;
  }

  /** Computes the next level; false when there is none within maxDepth. */
  async expand(): Promise<boolean> {
    if (this.exhausted || this.depth >= this.maxDepth) return false;
    const frontier = this.levels[this.levels.length - 1];
    const rows = await this.links.nextLevel(frontier, this.reached, this.kinds);
    const distance = this.depth + 1;
    const level = rows.map((r) => ({ org: r.org, distance, paths: Number(r.paths) }));
    if (level.length === 0) {
      this.exhausted = true;
      return false;
    }
    for (const r of level) this.reached.set(r.org, r);
    this.levels.push(level);
    this.ordered.push(false);
    return true;
  }

  /** Level d in result order (sorted once, when first read). */
  private level(d: number): Reached[] {
    if (!this.ordered[d]) {
      this.levels[d].sort(inResultOrder);
      this.ordered[d] = true;
    }
    return this.levels[d];
  }

  /** The organisations whose links were followed: every level below the last computed one (all when exhausted). */
  expandedIds(): number[] {
    // A counted last level means every level held was expanded.
    const all = this.exhausted || (this.lastCount !== undefined && this.depth < this.maxDepth);
    return this.levels
      .slice(0, all ? this.levels.length : this.depth)
      .flat()
      .map((r) => r.org);
  }

  /** Incomplete participant lists among the projects the levels computed so far rest on. */
  incompleteProjects(): Promise<number> {
    return this.links.incompleteProjects(this.expandedIds(), this.kinds);
  }

  /** How many organisations the levels computed so far reached (start excluded). */
  private count(): number {
    let n = 0;
    for (let d = 1; d < this.levels.length; d++) n += this.levels[d].length;
    return n;
  }

  /**
   * Every organisation reached (start excluded), in result order, computing levels until
   * `enough(how many so far)` holds.
   */
  async results(enough: (count: number) => boolean = () => false): Promise<Reached[]> {
    await this.expandUntil(enough);
    return this.levels.slice(1).flatMap((_, i) => this.level(i + 1));
  }

  /** Computes levels until `enough(how many reached so far)` holds or none is left; orders none. */
  async expandUntil(enough: (count: number) => boolean): Promise<void> {
    while (!enough(this.count()) && (await this.expand()));
  }

  /**
   * How many organisations lie within maxDepth (start excluded). Levels are computed up to
   * maxDepth − 1; the last one, the largest, is only counted (nothing about it is kept).
   */
  async totalCount(): Promise<number> {
    while (this.depth < this.maxDepth - 1 && (await this.expand()));
    if (this.exhausted || this.depth >= this.maxDepth) return this.count();
    const frontier = this.levels[this.levels.length - 1];
    this.lastCount ??= await this.links.countNextLevel(frontier, this.reached, this.kinds);
    return this.count() + this.lastCount;
  }

  /**
   * The first `first` organisations in result order that `keep` accepts (a cursor: `keep` must
   * accept a suffix of the order), and whether more follow. Levels are computed only until
   * the page plus one is full, and of a large level only the rows needed are put in order.
   */
  async page(
    first: number,
    keep?: (r: Reached) => boolean,
  ): Promise<{ rows: Reached[]; hasMore: boolean }> {
    const rows: Reached[] = [];
    for (let d = 1; rows.length <= first; d++) {
      if (d > this.depth && !(await this.expand())) break;
      const level = keep ? this.levels[d].filter(keep) : this.levels[d];
      const wanted = first + 1 - rows.length;
      if (level.length <= wanted || this.ordered[d]) {
        const ordered = keep ? level.sort(inResultOrder) : this.level(d);
        rows.push(...ordered.slice(0, wanted));
      } else {
        rows.push(...firstInOrder(level, wanted));
      }
    }
    return { rows: rows.slice(0, first), hasMore: rows.length > first };
  }

  /**
   * Up to `k` shortest paths from the start to each target, walking back one
   * level per statement and combining the last hops in a stable order.
   */
  async examplePaths(targets: number[], k: number): Promise<Map<number, NetworkPath[]>> {
    const memo = new Map<number, NetworkPath[]>(
      this.levels[0].map((r) => [r.org, [path([r.org], [])]]),
    );
    const byDistance = new Map<number, number[]>();
    for (const t of targets) {
      const d = this.reached.get(t)?.distance;
      if (d === undefined) continue;
      byDistance.set(d, [...(byDistance.get(d) ?? []), t]);
    }
    // From the farthest level back: each round finds the predecessors of the pending targets.
    const pending = new Map<number, number[]>(byDistance);
    const preds = new Map<number, { pred: number; link: NetworkLink }[]>();
    for (let d = Math.max(0, ...pending.keys()); d >= 1; d--) {
      const at = [...new Set(pending.get(d) ?? [])];
      if (at.length === 0) continue;
      const rows = await this.links.linksBack(at, this.levels[d - 1], k, this.kinds);
      for (const row of rows) {
        // The row runs target -> pred; the path runs pred -> target.
        const list = preds.get(row.target) ?? [];
        list.push({ pred: row.pred, link: reversed(hop(row)) });
        preds.set(row.target, list);
        if (d - 1 >= 1) pending.set(d - 1, [...(pending.get(d - 1) ?? []), row.pred]);
      }
    }
    const build = (org: number): NetworkPath[] => {
      const known = memo.get(org);
      if (known) return known;
      const out: NetworkPath[] = [];
      for (const { pred, link } of preds.get(org) ?? []) {
        for (const p of build(pred)) {
          if (out.length >= k) break;
          out.push(path([...p.organisationIds, org], [...p.links, link]));
        }
      }
      memo.set(org, out);
      return out;
    };
    return new Map(targets.map((t) => [t, k > 0 ? build(t) : []]));
  }
}

interface Parent {
  parent: number;
  link: NetworkLink;
}

/**
 * One shortest path between two organisations: both ends expand a level at a
 * time (the smaller frontier first) until they meet, so each side searches
 * about half the depth. Returns null when they do not meet within maxDepth.
 */
export async function shortestPath(
  source: LinkSource,
  from: number,
  to: number,
  maxDepth: number,
  kinds: readonly LinkKind[],
  /** Receives every organisation whose links the search followed. */
  expanded: number[] = [],
): Promise<NetworkPath | null> {
  if (from === to) return path([from], []);
  const sides = [
    { parents: new Map<number, Parent | null>([[from, null]]), frontier: [from] },
    { parents: new Map<number, Parent | null>([[to, null]]), frontier: [to] },
  ];
  for (let depth = 0; depth < maxDepth; depth++) {
    const side = sides[0].frontier.length <= sides[1].frontier.length ? sides[0] : sides[1];
    const other = side === sides[0] ? sides[1] : sides[0];
    if (side.frontier.length === 0) return null;
    for (const o of side.frontier) expanded.push(o);
    // The last step can only end the search by meeting the other side: nothing else is kept.
    const last = depth === maxDepth - 1;
    const rows = await source.nextLevelWithParents(
      side.frontier,
      side.parents,
      kinds,
      last ? other.parents : undefined,
    );
    side.frontier = rows.map((r) => r.org);
    for (const r of rows) side.parents.set(r.org, { parent: r.parent, link: hop(r) });
    const meeting = rows
      .map((r) => r.org)
      .filter((o) => other.parents.has(o))
      .sort((a, b) => a - b)[0];
    if (meeting !== undefined) {
      // Walk back to `from` on the first side and to `to` on the second.
      const walk = (parents: Map<number, Parent | null>, start: number) => {
        const orgs = [start];
        const links: NetworkLink[] = [];
        for (let p = parents.get(start); p; p = parents.get(p.parent)) {
          orgs.push(p.parent);
          links.push(p.link);
        }
        return { orgs, links }; // from the meeting point outwards; links run parent -> child
      };
      const a = walk(sides[0].parents, meeting);
      const b = walk(sides[1].parents, meeting);
      return path(
        [...a.orgs.reverse(), ...b.orgs.slice(1)],
        [...a.links.reverse(), ...b.links.map(reversed)],
      );
    }
  }
  return null;
}
