import { LinkKind } from './sql/organisation-edges.sql';

/**
 * The collaboration network in compact typed arrays (CSR: offsets plus ids),
 * one per relation the four link kinds walk:
 * - organisation → its projects, project → its participants (PROJECT, and the
 *   two ends of COMMITMENT and REUSE links);
 * - project → the projects it has a live commitment with, and the commitment;
 * - project → the projects it has a reuse link with (either direction), and the link;
 * - organisation → joint authority or member municipalities, and the authority.
 * Plus one byte per project: whether its participant list is incomplete.
 *
 * Ids are array positions (the tables' serial ids are dense). Every list is
 * sorted by the far end's id, then the via id, so walks are in a stable order.
 * A change replaces whole lists of the nodes it touched: the new lists live in
 * an overlay next to the arrays until the next full build.
 */
export class Adjacency {
  /** Lists replaced since the build; ids at or above `cap` are only found here. */
  private readonly over = new Map<number, { to: Int32Array; via: Int32Array }>();
  private readonly replaced: Uint8Array;

  constructor(
    /** Node i's entries are to[offsets[i]] … to[offsets[i + 1] − 1], unless replaced (see inBase). */
    readonly offsets: Int32Array,
    readonly to: Int32Array,
    private readonly via: Int32Array | null,
  ) {
    this.replaced = new Uint8Array(offsets.length);
  }

  get cap(): number {
    return this.offsets.length - 1;
  }

  /**
   * Node i's list is the base arrays' range (not replaced since the build): hot loops read
   * offsets and to directly instead of making a view per list with targets().
   */
  inBase(i: number): boolean {
    return i < this.cap && this.replaced[i] === 0;
  }

  /** Calls f with each far end of node i's entries, without making a view of the list. */
  forEach(i: number, f: (to: number) => void): void {
    if (i < this.cap && this.replaced[i] === 0) {
      const to = this.to;
      for (let k = this.offsets[i], end = this.offsets[i + 1]; k < end; k++) f(to[k]);
      return;
    }
    const o = this.over.get(i);
    if (o) for (let k = 0; k < o.to.length; k++) f(o.to[k]);
  }

  /** The far ends of node i's entries. */
  targets(i: number): Int32Array {
    if (i < this.cap && !this.replaced[i])
      return this.to.subarray(this.offsets[i], this.offsets[i + 1]);
    return this.over.get(i)?.to ?? EMPTY;
  }

  /** The via ids of node i's entries, parallel to targets(i). */
  vias(i: number): Int32Array {
    if (i < this.cap && !this.replaced[i])
      return this.via ? this.via.subarray(this.offsets[i], this.offsets[i + 1]) : EMPTY;
    return this.over.get(i)?.via ?? EMPTY;
  }

  /** Replaces node i's list (entries sorted here). */
  replace(i: number, entries: [to: number, via: number][]): void {
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.over.set(i, {
      to: Int32Array.from(entries, (e) => e[0]),
      via: Int32Array.from(entries, (e) => e[1]),
    });
    if (i < this.cap) this.replaced[i] = 1;
  }

  get overlaySize(): number {
    return this.over.size;
  }

  /** Every node id with a list (base or overlay). */
  *nodes(): Iterable<number> {
    for (let i = 0; i < this.cap; i++)
      if (!this.replaced[i] && this.offsets[i + 1] > this.offsets[i]) yield i;
    for (const [i, o] of this.over) if (o.to.length) yield i;
  }

  get bytes(): number {
    let n =
      this.offsets.byteLength +
      this.to.byteLength +
      (this.via?.byteLength ?? 0) +
      this.replaced.byteLength;
    for (const o of this.over.values()) n += o.to.byteLength + o.via.byteLength + 64;
    return n;
  }

  /** CSR from (node, to, via) triples; nodes below `cap`. */
  static build(cap: number, from: Int32Array, to: Int32Array, via: Int32Array | null): Adjacency {
    const n = from.length;
    const offsets = new Int32Array(cap + 1);
    for (let k = 0; k < n; k++) offsets[from[k] + 1]++;
    for (let i = 0; i < cap; i++) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, cap);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[fill[from[k]]++] = k;
    const outTo = new Int32Array(n);
    const outVia = via ? new Int32Array(n) : null;
    // The counting sort is stable, so input already ordered by (to, via) needs no sorting here.
    for (let i = 0; i < cap; i++) {
      const lo = offsets[i];
      const hi = offsets[i + 1];
      let sorted = true;
      for (let k = lo + 1; k < hi && sorted; k++) {
        const x = order[k - 1];
        const y = order[k];
        if (to[x] > to[y] || (to[x] === to[y] && via !== null && via[x] > via[y])) sorted = false;
      }
      if (!sorted) {
        const part = Array.from(order.subarray(lo, hi));
        part.sort((a, b) => to[a] - to[b] || (via ? via[a] - via[b] : 0));
        order.set(part, lo);
      }
    }
    for (let k = 0; k < n; k++) {
      outTo[k] = to[order[k]];
      if (outVia) outVia[k] = via![order[k]];
    }
    return new Adjacency(offsets, outTo, outVia);
  }
}

const EMPTY = new Int32Array(0);

/** The order SQL sorts link kinds in (by name). */
export const KIND_RANK: Record<LinkKind, number> = {
  [LinkKind.COMMITMENT]: 0,
  [LinkKind.MEMBERSHIP]: 1,
  [LinkKind.PROJECT]: 2,
  [LinkKind.REUSE]: 3,
};
const KIND_BY_RANK = [LinkKind.COMMITMENT, LinkKind.MEMBERSHIP, LinkKind.PROJECT, LinkKind.REUSE];

/** One link as the SQL link definition gives it (organisation-edges.sql.ts). */
export interface IndexLink {
  src: number;
  dst: number;
  kind: LinkKind;
  viaId: number;
  viaFrom: number | null;
  viaTo: number | null;
}

/** Rows the index is built from (all in one snapshot). */
export interface GraphRows {
  participation: { project: Int32Array; organisation: Int32Array };
  /** Live commitments only. */
  commitments: { id: Int32Array; a: Int32Array; b: Int32Array };
  reuse: { id: Int32Array; project: Int32Array; source: Int32Array };
  members: { authority: Int32Array; municipality: Int32Array };
  /** Projects whose participant list is not complete. */
  incompleteProjects: Int32Array;
  maxOrganisation: number;
  maxProject: number;
}

/** Checksums per link table, computed the same way here and in SQL (GRAPH_SQL.checksums in sql/graph.statements.ts). */
export interface GraphChecksums {
  participation: string;
  commitments: string;
  reuse: string;
  members: string;
  incomplete: string;
}

export const CHECKSUM_MODULUS = 2147483629;
const mix = (a: number, b: number) => (a * 1000003 + b * 7919) % CHECKSUM_MODULUS;

export class GraphIndex {
  constructor(
    readonly orgProjects: Adjacency,
    readonly projectOrgs: Adjacency,
    readonly projectCommitments: Adjacency,
    readonly projectReuse: Adjacency,
    readonly members: Adjacency,
    private incomplete: Uint8Array,
    private readonly incompleteOver: Map<number, boolean> = new Map(),
  ) {}

  static build(rows: GraphRows): GraphIndex {
    const orgCap = rows.maxOrganisation + 1;
    const projectCap = rows.maxProject + 1;
    const p = rows.participation;
    const c = rows.commitments;
    const r = rows.reuse;
    const m = rows.members;
    const both = (x: Int32Array, y: Int32Array) => {
      const out = new Int32Array(x.length * 2);
      out.set(x);
      out.set(y, x.length);
      return out;
    };
    const incomplete = new Uint8Array(projectCap);
    for (const id of rows.incompleteProjects) incomplete[id] = 1;
    return new GraphIndex(
      Adjacency.build(orgCap, p.organisation, p.project, null),
      Adjacency.build(projectCap, p.project, p.organisation, null),
      Adjacency.build(projectCap, both(c.a, c.b), both(c.b, c.a), both(c.id, c.id)),
      Adjacency.build(
        projectCap,
        both(r.project, r.source),
        both(r.source, r.project),
        both(r.id, r.id),
      ),
      Adjacency.build(
        orgCap,
        both(m.authority, m.municipality),
        both(m.municipality, m.authority),
        both(m.authority, m.authority),
      ),
      incomplete,
    );
  }

  isIncomplete(project: number): boolean {
    const o = this.incompleteOver.get(project);
    if (o !== undefined) return o;
    return project < this.incomplete.length && this.incomplete[project] === 1;
  }

  setIncomplete(project: number, value: boolean): void {
    this.incompleteOver.set(project, value);
  }

  get overlaySize(): number {
    return (
      this.orgProjects.overlaySize +
      this.projectOrgs.overlaySize +
      this.projectCommitments.overlaySize +
      this.projectReuse.overlaySize +
      this.members.overlaySize +
      this.incompleteOver.size
    );
  }

  get bytes(): number {
    return (
      this.orgProjects.bytes +
      this.projectOrgs.bytes +
      this.projectCommitments.bytes +
      this.projectReuse.bytes +
      this.members.bytes +
      this.incomplete.byteLength +
      this.incompleteOver.size * 32
    );
  }

  /**
   * Calls `visit(dst, pathsWeight)` for every link leaving `src` of the given kinds,
   * once per link row (two shared projects are two links), as SQL's linksFrom.
   */
  forEachDestination(src: number, kinds: KindSet, visit: (dst: number) => void): void {
    const projects = this.orgProjects.targets(src);
    for (let i = 0; i < projects.length; i++) {
      const p = projects[i];
      if (kinds.project) this.forEachParticipant(p, src, visit);
      if (kinds.commitment) this.forEachFar(this.projectCommitments, p, src, visit);
      if (kinds.reuse) this.forEachFar(this.projectReuse, p, src, visit);
    }
    if (kinds.membership) {
      const orgs = this.members.targets(src);
      for (let j = 0; j < orgs.length; j++) visit(orgs[j]);
    }
  }

  /** Every participant of project p but `src`: the innermost loop of every search. */
  private forEachParticipant(p: number, src: number, visit: (dst: number) => void): void {
    const a = this.projectOrgs;
    if (a.inBase(p)) {
      const to = a.to;
      for (let k = a.offsets[p], end = a.offsets[p + 1]; k < end; k++)
        if (to[k] !== src) visit(to[k]);
      return;
    }
    const orgs = a.targets(p);
    for (let k = 0; k < orgs.length; k++) if (orgs[k] !== src) visit(orgs[k]);
  }

  /** The participants of the projects `list` joins p to (commitments or reuse links). */
  private forEachFar(list: Adjacency, p: number, src: number, visit: (dst: number) => void): void {
    if (list.inBase(p)) {
      const to = list.to;
      for (let j = list.offsets[p], end = list.offsets[p + 1]; j < end; j++)
        this.forEachParticipant(to[j], src, visit);
      return;
    }
    const others = list.targets(p);
    for (let j = 0; j < others.length; j++) this.forEachParticipant(others[j], src, visit);
  }

  /**
   * Every link leaving `src` to an organisation accepted by `keep`, with what it goes
   * through. `keep` is called for every link, so callers pass a cheap test (a typed-array
   * mark); objects are made only for the links kept.
   */
  linksFrom(src: number, kinds: KindSet, keep: (dst: number) => boolean): IndexLink[] {
    const out: IndexLink[] = [];
    const projects = this.orgProjects.targets(src);
    for (let i = 0; i < projects.length; i++) {
      const p = projects[i];
      if (kinds.project) {
        const orgs = this.projectOrgs.targets(p);
        for (let j = 0; j < orgs.length; j++) {
          const d = orgs[j];
          if (d !== src && keep(d))
            out.push({ src, dst: d, kind: LinkKind.PROJECT, viaId: p, viaFrom: p, viaTo: p });
        }
      }
      if (kinds.commitment)
        this.farLinks(src, p, this.projectCommitments, LinkKind.COMMITMENT, keep, out);
      if (kinds.reuse) this.farLinks(src, p, this.projectReuse, LinkKind.REUSE, keep, out);
    }
    if (kinds.membership) {
      const orgs = this.members.targets(src);
      const vias = this.members.vias(src);
      for (let j = 0; j < orgs.length; j++)
        if (keep(orgs[j]))
          out.push({
            src,
            dst: orgs[j],
            kind: LinkKind.MEMBERSHIP,
            viaId: vias[j],
            viaFrom: null,
            viaTo: null,
          });
    }
    return out;
  }

  private farLinks(
    src: number,
    p: number,
    list: Adjacency,
    kind: LinkKind,
    keep: (dst: number) => boolean,
    out: IndexLink[],
  ): void {
    const others = list.targets(p);
    if (others.length === 0) return;
    const vias = list.vias(p);
    for (let j = 0; j < others.length; j++) {
      const orgs = this.projectOrgs.targets(others[j]);
      for (let k = 0; k < orgs.length; k++) {
        const d = orgs[k];
        if (d !== src && keep(d))
          out.push({ src, dst: d, kind, viaId: vias[j], viaFrom: p, viaTo: others[j] });
      }
    }
  }

  /**
   * Calls `read(q)` once for every project whose participant list links of `kinds` from
   * `organisations` pass through: their own projects (PROJECT), and the far projects of
   * their projects' commitments and reuse links. Each project is handled once, however many
   * of the organisations share it (marks per project id; ids added since the build in sets).
   */
  private forEachProjectRead(
    organisations: Iterable<number>,
    kinds: KindSet,
    read: (q: number) => void,
  ): void {
    const cap = this.projectOrgs.cap;
    const own = new Uint8Array(cap);
    const ownBeyond = new Set<number>();
    const seen = new Uint8Array(cap);
    const seenBeyond = new Set<number>();
    const once = (q: number) => {
      if (q < cap) {
        if (seen[q] === 1) return;
        seen[q] = 1;
      } else {
        if (seenBeyond.has(q)) return;
        seenBeyond.add(q);
      }
      read(q);
    };
    for (const o of organisations) {
      const projects = this.orgProjects.targets(o);
      for (let i = 0; i < projects.length; i++) {
        const p = projects[i];
        if (p < cap) {
          if (own[p] === 1) continue;
          own[p] = 1;
        } else {
          if (ownBeyond.has(p)) continue;
          ownBeyond.add(p);
        }
        if (kinds.project) once(p);
        if (kinds.commitment) this.projectCommitments.forEach(p, once);
        if (kinds.reuse) this.projectReuse.forEach(p, once);
      }
    }
  }

  /**
   * How many organisations links of `kinds` lead to from `frontier` that are not in
   * `reached`: the size of the next level without its path counts (totalCount's last level).
   * Each project's participants are read once, however many frontier organisations share it,
   * so hubs cost their projects, not their projects' links.
   */
  countNext(frontier: number[], reached: Map<number, unknown>, kinds: KindSet): number {
    const mark = this.markOf(reached.keys());
    const orgsBeyond = new Set<number>();
    let n = 0;
    const org = (d: number) => {
      if (d < mark.length) {
        if (mark[d] === 0) {
          mark[d] = 2;
          n++;
        }
      } else if (!reached.has(d) && !orgsBeyond.has(d)) {
        orgsBeyond.add(d);
        n++;
      }
    };
    // The frontier organisations are reached already: no participant is an exception (-1).
    this.forEachProjectRead(frontier, kinds, (q) => this.forEachParticipant(q, -1, org));
    if (kinds.membership) for (const src of frontier) this.members.forEach(src, org);
    return n;
  }

  /** A mark per organisation id (1 for `ids`), sized for every id the index knows. */
  markOf(ids: Iterable<number>): Uint8Array {
    const list = [...ids];
    let size = this.orgProjects.cap;
    for (const id of list) if (id >= size) size = id + 1;
    const mark = new Uint8Array(size + 1);
    for (const id of list) mark[id] = 1;
    return mark;
  }

  /**
   * Projects whose participant lists a search that expanded `organisations` read
   * (their own projects for PROJECT links, the far projects of COMMITMENT and
   * REUSE links), counted when their list is incomplete.
   */
  incompleteProjectsOf(organisations: Iterable<number>, kinds: KindSet): number {
    let count = 0;
    this.forEachProjectRead(organisations, kinds, (q) => {
      if (this.isIncomplete(q)) count++;
    });
    return count;
  }

  /** Checksums of the indexed rows, for comparison with the database's (GRAPH_SQL.checksums in sql/graph.statements.ts). */
  checksums(): GraphChecksums {
    const pairs = (adj: Adjacency, f: (node: number, to: number, via: number) => number | null) => {
      let n = 0;
      let sum = 0;
      for (const i of adj.nodes()) {
        const to = adj.targets(i);
        const via = adj.vias(i);
        for (let k = 0; k < to.length; k++) {
          const v = f(i, to[k], via[k] ?? 0);
          if (v === null) continue;
          n++;
          sum += v;
        }
      }
      return `${n}:${sum}`;
    };
    let unknown = 0;
    let unknownSum = 0;
    const cap = Math.max(this.incomplete.length, ...this.incompleteOver.keys(), 0);
    for (let p = 0; p <= cap; p++)
      if (this.isIncomplete(p)) {
        unknown++;
        unknownSum += p % CHECKSUM_MODULUS;
      }
    // Commitments and reuse links are stored at both ends: count them once, at the smaller end
    // (a < b for commitments; the reuse link from its project).
    return {
      participation: pairs(this.orgProjects, (o, p) => mix(p, o)),
      commitments: pairs(this.projectCommitments, (a, b, id) =>
        a < b ? mix(mix(a, b), id) : null,
      ),
      reuse: pairs(this.projectReuse, (a, b, id) => (a < b ? mix(mix(a, b), id) : null)),
      members: pairs(this.members, (x, y, ja) => (x === ja ? mix(x, y) : null)),
      incomplete: `${unknown}:${unknownSum}`,
    };
  }
}

export interface KindSet {
  project: boolean;
  commitment: boolean;
  reuse: boolean;
  membership: boolean;
}

export function kindSet(kinds: readonly LinkKind[]): KindSet {
  return {
    project: kinds.includes(LinkKind.PROJECT),
    commitment: kinds.includes(LinkKind.COMMITMENT),
    reuse: kinds.includes(LinkKind.REUSE),
    membership: kinds.includes(LinkKind.MEMBERSHIP),
  };
}

/** SQL's order of link rows: far end, kind (by name), via id, near project. */
export function compareLinks(x: IndexLink, y: IndexLink): number {
  return (
    x.dst - y.dst ||
    KIND_RANK[x.kind] - KIND_RANK[y.kind] ||
    x.viaId - y.viaId ||
    (x.viaFrom ?? 0) - (y.viaFrom ?? 0)
  );
}

export { KIND_BY_RANK };
