/**
 * The read side of `bench:load`'s mix: its GraphQL documents, their weights, and the data their
 * arguments are drawn from. bench/load.ts mixes these with its mutations (80 % reads, 20 %
 * mutations); bench/replicas.ts sends the reads alone, with the same weights, to a server on a
 * primary and a hot standby. One copy, so that both measure the same reads.
 */
import { Client } from 'pg';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { toGlobalId } from '../src/common/global-id';

// The documents. Nested lists are kept small enough that each read is a page a client would show.

const PROJECTS_PAGE = `query($f: ProjectFilter, $n: Int) { projects(first: $n, filter: $f) {
  totalCount edges { cursor node { id titleSv status startDate endDate grantEur programme { code }
    participants { role organisation { id ... on Municipality { code nameFi region { code nameFi } } } }
    topics { slug nameEn } } } } }`;
const MUNICIPALITIES_PAGE = `query($r: String) { municipalities(first: 50, filter: { regionCode: $r }) {
  edges { node { id code nameFi languageStatus participationCount region { nameFi }
    participations(first: 5) { role project { id titleSv status } } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id
  ... on Project { titleSv projectStatus: status version participants { role organisation { id ... on Municipality { nameFi } } } topics { slug } }
  ... on Municipality { code nameFi population2019 region { code } participationCount }
  ... on CooperationCommitment { kind commitmentStatus: status provenance version projects { id titleSv } history { toStatus changedBy } } } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { id titleSv status version programme { code nameFi }
  lead { organisation { id ... on Municipality { nameFi } } } topics { slug nameFi }
  commitments { id kind status projects { id titleSv } } reuseLinks { sourceProject { id titleSv } sourceOutput } } }`;
const PARTNERS = (depth: number, paths: number) =>
  `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: ${depth}, first: 20, examplePaths: ${paths}) {
  edges { node { distance shortestPathCount organisation { id ... on Municipality { nameFi } } } } } }`;
const PATH = `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b, maxDepth: 4) {
  distance reason path { length organisations { id } links { kind } } } }`;
const SIMILAR = `query($p: ID!) { similarProjects(project: $p, first: 10) {
  score hasActiveCommitment sharedTopics { slug } project { id titleSv } } }`;
const GAPS = `query($p: String!) { cooperationGaps(programme: $p, first: 20) { similarPairCount
  similarPairs { score projectA { id } projectB { id } } overdue { reason project { id } }
  tooFewParticipants { participants required project { id } } participantsUnknown { id } } }`;
const NETWORK = `query($p: String, $r: String) { network(programme: $p, region: $r, maxNodes: 2000) {
  componentCount nodes { degree componentId brokerScore organisation { id } } edges { kinds weight source { id } target { id } } } }`;
const RECOMMENDED = `query($o: ID!) { recommendedPartners(organisation: $o, first: 10) {
  score organisation { id } reasons { distance sameRegion sameLanguage sharedTopics { slug } } } }`;
const PRIOR = `query($p: ID!) { priorWork(project: $p, first: 10) {
  projects { project { id titleSv } } reuseLinks { id } } }`;
const SHARED = `query($a: ID!, $b: ID!) { sharedTopics(a: $a, b: $b) {
  topic { slug } projectsA { id } projectsB { id } } }`;

/** What the read arguments are drawn from: codes and ids of a database made by `npm run generate`. */
export interface ReadData {
  programmes: string[];
  syntheticProgrammes: string[];
  realProgrammes: string[];
  topics: string[];
  regions: string[];
  organisations: number[];
  projects: number[];
  commitments: number[];
  /** (programme, region) filters whose network fits maxNodes. */
  networks: { p: string | null; r: string | null }[];
}

/** One read request of the mix. */
export interface PlannedRead {
  op: string;
  mutation: false;
  body: { query: string; variables: Record<string, unknown> };
}

export async function loadReadData(pg: Client): Promise<ReadData> {
  const col = async <T>(sql: string, params: unknown[] = []) =>
    (await pg.query(sql, params)).rows.map((r: Record<string, T>) => Object.values(r)[0]);
  const programmes = await col<string>(`SELECT code FROM programme ORDER BY code`);
  const syntheticProgrammes = await col<string>(
    `SELECT code FROM programme WHERE synthetic ORDER BY code`,
  );
  // Programmes of a few dozen projects: cooperationGaps on a synthetic one of 2,500 projects
  // compares every pair and runs past the 5 s statement timeout even on an idle server.
  const realProgrammes = await col<string>(
    `SELECT code FROM programme WHERE NOT synthetic ORDER BY code`,
  );
  const topics = await col<string>(`SELECT slug FROM topic ORDER BY slug`);
  const regions = await col<string>(`SELECT code FROM region ORDER BY code`);
  const organisations = await col<number>(
    `SELECT id FROM organisation WHERE kind = 'MUNICIPALITY' AND synthetic ORDER BY id`,
  );
  const projects = await col<number>(`SELECT id FROM project WHERE synthetic ORDER BY id`);
  const commitments = await col<number>(`SELECT id FROM cooperation_commitment ORDER BY id`);
  // Networks of one programme in one region, small enough for maxNodes 2000 with room to spare.
  const networks = (
    await pg.query(`SELECT pr.code AS p, o.region_code AS r, count(DISTINCT o.id)::int AS n
      FROM participation pa JOIN project p ON p.id = pa.project_id JOIN programme pr ON pr.id = p.programme_id
      JOIN organisation o ON o.id = pa.organisation_id WHERE p.synthetic
      GROUP BY 1, 2 HAVING count(DISTINCT o.id) BETWEEN 50 AND 1500 ORDER BY 1, 2`)
  ).rows.map((r: { p: string; r: string }) => ({ p: r.p, r: r.r }));
  return {
    programmes,
    syntheticProgrammes,
    realProgrammes,
    topics,
    regions,
    organisations,
    projects,
    commitments,
    networks,
  };
}

/**
 * The reads with their weights in percent of all of bench:load's requests (they add up to 80),
 * each a function that draws its next request with `int` and `pick` (bench:load passes its
 * seeded generator, so that the sequence of its mix stays as it was).
 */
export function readTable(
  d: ReadData,
  int: (n: number) => number,
  pick: <T>(list: T[]) => T,
): [number, string, () => PlannedRead][] {
  const org = () => toGlobalId('Municipality', pick(d.organisations));
  const project = () => toGlobalId('Project', pick(d.projects));
  const read =
    (op: string, query: string, variables: () => Record<string, unknown>) => (): PlannedRead => ({
      op,
      mutation: false,
      body: { query, variables: variables() },
    });
  // Weights in percent of all requests: they add up to 80.
  const table: [number, string, () => PlannedRead][] = [
    [
      14,
      'projects page',
      read('projects page', PROJECTS_PAGE, () => {
        const n = 20 + 10 * int(4);
        const by = int(3);
        const f =
          by === 0
            ? { programme: pick(d.programmes) }
            : by === 1
              ? { topic: pick(d.topics) }
              : { programme: pick(d.syntheticProgrammes), status: 'ACTIVE' };
        return { f, n };
      }),
    ],
    [
      6,
      'municipalities page',
      read('municipalities page', MUNICIPALITIES_PAGE, () => ({ r: pick(d.regions) })),
    ],
    [
      16,
      'node',
      read('node', NODE, () => {
        const k = int(3);
        return {
          id:
            k === 0
              ? project()
              : k === 1
                ? org()
                : toGlobalId('CooperationCommitment', pick(d.commitments)),
        };
      }),
    ],
    [10, 'project', read('project', PROJECT, () => ({ id: project() }))],
    [
      8,
      'partnersOfPartners depth 2',
      read('partnersOfPartners depth 2', PARTNERS(2, 1), () => ({ o: org() })),
    ],
    [
      2,
      'partnersOfPartners depth 3',
      read('partnersOfPartners depth 3', PARTNERS(3, 0), () => ({ o: org() })),
    ],
    [5, 'collaborationPath', read('collaborationPath', PATH, () => ({ a: org(), b: org() }))],
    [6, 'similarProjects', read('similarProjects', SIMILAR, () => ({ p: project() }))],
    [2, 'cooperationGaps', read('cooperationGaps', GAPS, () => ({ p: pick(d.realProgrammes) }))],
    [1, 'network', read('network', NETWORK, () => pick(d.networks))],
    [4, 'recommendedPartners', read('recommendedPartners', RECOMMENDED, () => ({ o: org() }))],
    [3, 'priorWork', read('priorWork', PRIOR, () => ({ p: project() }))],
    [3, 'sharedTopics', read('sharedTopics', SHARED, () => ({ a: org(), b: org() }))],
  ];
  return table;
}

/** The reads alone, drawn by weight with a seeded generator (bench:replicas). */
export class ReadMix {
  private readonly rng: RandomGenerator;
  readonly table: [number, string, () => PlannedRead][];

  constructor(d: ReadData, seed: number) {
    this.rng = xoroshiro128plus(seed);
    this.table = readTable(
      d,
      (n) => this.int(n),
      (list) => list[this.int(list.length)],
    );
  }

  private int(n: number): number {
    return unsafeUniformIntDistribution(0, n - 1, this.rng);
  }

  next(): PlannedRead {
    let x = this.int(this.table.reduce((s, [w]) => s + w, 0));
    for (const [w, , make] of this.table) {
      if (x < w) return make();
      x -= w;
    }
    return this.table[this.table.length - 1][2]();
  }
}
