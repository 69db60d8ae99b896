/**
 * A deterministic synthetic collaboration network for benchmarks.
 *
 * Shape:
 * - Organisations are municipalities with a real region (drawn in proportion to the
 *   region's real municipalities) and a language status drawn like the real ones of
 *   that region. Population is a truncated Lomax (Pareto II) with tail index 1.5.
 *   Each organisation has an activity weight, Pareto with tail index 1.5 scaled by
 *   population^0.3, so a few organisations take part in very many projects: the top
 *   1 % hold 15–20 % of all participations.
 * - Each project has a home region, drawn in proportion to the region's total activity.
 *   It has 2–8 participants (mean about 3.5). The lead comes from the home region;
 *   each partner does so with probability 0.72 and otherwise comes from anywhere, so
 *   about 80 % of participants are local. Every draw is proportional to activity and
 *   no organisation appears twice in a project.
 * - 1–3 topics per project (weight 1.0 for the main topic, 0.5 for the others). Topic
 *   popularity is Zipf-like (exponent 0.9), and each region favours 8 of the topics six
 *   times over, so regions differ.
 * - Titles (Swedish) are "SYNTHETIC: " plus two words of the main topic, one word of each
 *   other topic and two general words; projects sharing topics share title words.
 * - Projects belong to programme rounds in id order (round i holds a contiguous block),
 *   start in the year after the call and run 6–36 months, ending by the round's deadline.
 *   Status follows the dates against a fixed reference day (finished: COMPLETED, running:
 *   ACTIVE, not started: GRANTED), with 8 % WITHDRAWN. The grant is unknown for 10 %.
 * - Commitments: 85 % join two projects sharing a topic, the rest random pairs; stored
 *   as (a < b), one per pair and kind. Reuse links (projects / 20) point from a project
 *   to an earlier project (lower id) on one of its topics.
 *
 * Every draw comes from pure-rand's xoroshiro128+ seeded with `seed`, one forked stream
 * per part, so the same seed and sizes give the same network, and the same network gives
 * byte-identical rows. (Pareto and normal draws go through Math.pow/log/exp/cos, so
 * compare across machines on one Node.js version.) Ids are not assigned here: rows.ts
 * adds them in generation order.
 */
import { Rng, searchCumulative, WeightTable } from './random';
import { GENERAL_WORDS, madeUpWords } from './vocabulary';

export const LANGUAGE_STATUSES = [
  'FINNISH',
  'BILINGUAL_FINNISH_MAJORITY',
  'SWEDISH',
  'BILINGUAL_SWEDISH_MAJORITY',
] as const;
export const PROJECT_STATUSES = ['GRANTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'] as const;
export const PROJECT_CATEGORIES = ['E_SERVICES', 'OTHER'] as const;
export const COMMITMENT_KINDS = [
  'KNOWLEDGE_SHARING',
  'JOINT_DEVELOPMENT',
  'REUSE_OF_RESULTS',
  'JOINT_PROCUREMENT',
] as const;
export const COMMITMENT_STATUSES = [
  'PROPOSED',
  'ACTIVE',
  'FULFILLED',
  'WITHDRAWN',
  'LAPSED',
] as const;
export const COMMITMENT_PROVENANCES = ['DECLARED', 'VERIFIED', 'INFERRED'] as const;

export const TOPIC_COUNT = 120;
export const PROGRAMME_COUNT = 8;
export const WORDS_PER_TOPIC = 8;
export const MIN_PARTICIPANTS = 2;
export const MAX_PARTICIPANTS = 8;
/** Probability that a partner (not the lead) comes from the project's home region. */
export const LOCAL_PARTNER_SHARE = 0.72;
/** Title word slots per project: main-topic word, main-topic word, 2 other-topic words, 2 general words. */
export const TITLE_SLOTS = 6;
export const NO_WORD = 0xffff;
/** First programme call year; round i calls in FIRST_CALL_YEAR + i. */
export const FIRST_CALL_YEAR = 2016;
/** "Today" for project status, fixed so that the output does not depend on the clock. */
export const REFERENCE_DAY = epochDay(2024, 6, 30);

/** Participants 2..8; mean 3.505. */
const PARTICIPANT_COUNT_WEIGHTS = [0.32, 0.28, 0.18, 0.1, 0.06, 0.035, 0.025];
/** Topics 1..3. */
const TOPIC_COUNT_WEIGHTS = [0.35, 0.45, 0.2];
const TOPIC_ZIPF_EXPONENT = 0.9;
const FAVOURITE_TOPICS_PER_REGION = 8;
const FAVOURITE_TOPIC_BOOST = 6;
const ACTIVITY_TAIL_INDEX = 1.5;
const POPULATION_SCALE = 6000;
const POPULATION_TAIL_INDEX = 1.5;
const POPULATION_MIN = 100;
const POPULATION_MAX = 660_000;
const WITHDRAWN_SHARE = 0.08;
const GRANT_UNKNOWN_SHARE = 0.1;
const TOPIC_PAIR_SHARE = 0.85;
const KIND_WEIGHTS = [0.4, 0.25, 0.25, 0.1];
const COMMITMENT_STATUS_WEIGHTS = [0.2, 0.35, 0.3, 0.07, 0.08];
const PROVENANCE_WEIGHTS = [0.6, 0.25, 0.15];

/** A real region and its real municipalities, which the synthetic ones imitate. */
export interface RegionProfile {
  code: string;
  /** Real municipalities per language status, in LANGUAGE_STATUSES order. */
  languages: readonly [number, number, number, number];
}

export interface NetworkOptions {
  seed: number;
  organisations: number;
  projects: number;
  commitments: number;
  regions: readonly RegionProfile[];
}

export interface SyntheticTopic {
  slug: string;
  /** The topic's made-up words; the first names it. */
  words: string[];
}

export interface SyntheticProgramme {
  callYear: number;
  /** Projects of this round are firstProject .. firstProject + projectCount - 1. */
  firstProject: number;
  projectCount: number;
}

export interface SyntheticNetwork {
  options: NetworkOptions;
  topics: SyntheticTopic[];
  programmes: SyntheticProgramme[];
  organisations: {
    count: number;
    region: Uint8Array;
    language: Uint8Array;
    population: Int32Array;
    activity: Float64Array;
  };
  projects: {
    count: number;
    programme: Uint8Array;
    homeRegion: Uint8Array;
    category: Uint8Array;
    status: Uint8Array;
    /** Days since 1970-01-01. */
    startDay: Int32Array;
    endDay: Int32Array;
    /** Whole euros; -1 when unknown. */
    grant: Int32Array;
    grantIsMaximum: Uint8Array;
    /** TITLE_SLOTS word ids per project (see wordOf), NO_WORD for an empty slot. */
    titleWords: Uint16Array;
  };
  /** Participants of project p: participantOrg[participantStart[p] .. participantStart[p+1]), lead first. */
  participantStart: Int32Array;
  participantOrg: Int32Array;
  /** Topics of project p: topicOf[topicStart[p] .. topicStart[p+1]), main topic first. */
  topicStart: Int32Array;
  topicOf: Uint8Array;
  commitments: {
    count: number;
    a: Int32Array;
    b: Int32Array;
    kind: Uint8Array;
    status: Uint8Array;
    provenance: Uint8Array;
    committedDay: Int32Array;
  };
  reuseLinks: { count: number; project: Int32Array; source: Int32Array };
}

export function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

export function validateOptions(options: NetworkOptions): void {
  const { organisations, projects, commitments } = options;
  const int = (name: string, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min)
      throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  };
  int('organisations', organisations, MIN_PARTICIPANTS);
  int('projects', projects, 0);
  int('commitments', commitments, 0);
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (projects >= 16_777_216) throw new RangeError('projects must be below 2^24');
  if (options.regions.length === 0 || options.regions.length > 255)
    throw new RangeError('between 1 and 255 regions are needed');
  // Rejection sampling of distinct (pair, kind) keys stays fast while at most half are taken.
  const possible = (COMMITMENT_KINDS.length * projects * (projects - 1)) / 2;
  if (commitments > possible / 2)
    throw new RangeError(
      `commitments must be at most ${Math.floor(possible / 2)} for ${projects} projects`,
    );
}

export function generateNetwork(options: NetworkOptions): SyntheticNetwork {
  validateOptions(options);
  const root = Rng.fromSeed(options.seed);
  const streams = {
    vocabulary: root.fork(),
    organisations: root.fork(),
    projects: root.fork(),
    commitments: root.fork(),
    reuse: root.fork(),
  };
  const topics = makeTopics(streams.vocabulary);
  const organisations = makeOrganisations(streams.organisations, options);
  const programmes = makeProgrammes(options.projects);
  const net = makeProjects(streams.projects, options, organisations, programmes);
  const topicProjects = projectsByTopic(net.topicStart, net.topicOf, options.projects);
  const commitments = makeCommitments(streams.commitments, options, net, topicProjects);
  const reuseLinks = makeReuseLinks(streams.reuse, options.projects, net, topicProjects);
  return { options, topics, programmes, organisations, ...net, commitments, reuseLinks };
}

/** The text of a title word id. */
export function wordOf(network: SyntheticNetwork, id: number): string {
  const topicWords = TOPIC_COUNT * WORDS_PER_TOPIC;
  return id < topicWords
    ? network.topics[Math.floor(id / WORDS_PER_TOPIC)].words[id % WORDS_PER_TOPIC]
    : GENERAL_WORDS[id - topicWords];
}

function makeTopics(rng: Rng): SyntheticTopic[] {
  const words = madeUpWords(rng, TOPIC_COUNT * WORDS_PER_TOPIC);
  return Array.from({ length: TOPIC_COUNT }, (_, t) => ({
    slug: `synthetic-topic-${String(t + 1).padStart(3, '0')}`,
    words: words.slice(t * WORDS_PER_TOPIC, (t + 1) * WORDS_PER_TOPIC),
  }));
}

function makeOrganisations(rng: Rng, options: NetworkOptions): SyntheticNetwork['organisations'] {
  const n = options.organisations;
  const regionTable = new WeightTable(
    options.regions.map((r) =>
      Math.max(
        1,
        r.languages.reduce((s, c) => s + c, 0),
      ),
    ),
  );
  // A region without real municipalities (none today) falls back to Finnish only.
  const languageTables = options.regions.map((r) =>
    r.languages.some((c) => c > 0) ? new WeightTable(r.languages) : new WeightTable([1, 0, 0, 0]),
  );
  const region = new Uint8Array(n);
  const language = new Uint8Array(n);
  const population = new Int32Array(n);
  const activity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = regionTable.sample(rng);
    region[i] = r;
    language[i] = languageTables[r].sample(rng);
    let p: number;
    do {
      p = POPULATION_MIN + POPULATION_SCALE * (rng.pareto(POPULATION_TAIL_INDEX) - 1);
    } while (p > POPULATION_MAX); // truncated, so there is no pile-up at the maximum
    population[i] = Math.round(p);
    activity[i] = rng.pareto(ACTIVITY_TAIL_INDEX) * Math.pow(population[i] / 10_000, 0.3);
  }
  return { count: n, region, language, population, activity };
}

/** Contiguous blocks of projects per round, in id order, so that rounds are chronological. */
function makeProgrammes(projects: number): SyntheticProgramme[] {
  return Array.from({ length: PROGRAMME_COUNT }, (_, i) => {
    const first = Math.floor((i * projects) / PROGRAMME_COUNT);
    const next = Math.floor(((i + 1) * projects) / PROGRAMME_COUNT);
    return { callYear: FIRST_CALL_YEAR + i, firstProject: first, projectCount: next - first };
  });
}

export function completionDeadlineDay(callYear: number): number {
  return epochDay(callYear + 3, 11, 30);
}

/** Organisations grouped by region, with cumulative activity inside each group. */
class RegionalDraw {
  private readonly members: Int32Array;
  private readonly start: Int32Array;
  private readonly cumulative: Float64Array;
  private readonly global: WeightTable;
  readonly regionTotals: Float64Array;

  constructor(
    private readonly orgs: SyntheticNetwork['organisations'],
    regions: number,
  ) {
    const counts = new Int32Array(regions + 1);
    for (let i = 0; i < orgs.count; i++) counts[orgs.region[i] + 1]++;
    for (let r = 0; r < regions; r++) counts[r + 1] += counts[r];
    this.start = counts;
    this.members = new Int32Array(orgs.count);
    const fill = counts.slice(0, regions);
    for (let i = 0; i < orgs.count; i++) this.members[fill[orgs.region[i]]++] = i;
    this.cumulative = new Float64Array(orgs.count);
    this.regionTotals = new Float64Array(regions);
    for (let r = 0; r < regions; r++) {
      let sum = 0;
      for (let k = this.start[r]; k < this.start[r + 1]; k++) {
        sum += orgs.activity[this.members[k]];
        this.cumulative[k] = sum;
      }
      this.regionTotals[r] = sum;
    }
    this.global = new WeightTable(orgs.activity);
  }

  fromRegion(rng: Rng, region: number): number {
    const start = this.start[region];
    const end = this.start[region + 1];
    if (start === end) return this.anywhere(rng);
    const target = rng.float() * this.regionTotals[region];
    return this.members[searchCumulative(this.cumulative, start, end, target)];
  }

  anywhere(rng: Rng): number {
    return this.global.sample(rng);
  }
}

function makeProjects(
  rng: Rng,
  options: NetworkOptions,
  orgs: SyntheticNetwork['organisations'],
  programmes: SyntheticProgramme[],
) {
  const m = options.projects;
  const regions = options.regions.length;
  const draw = new RegionalDraw(orgs, regions);
  const homeTable = new WeightTable(draw.regionTotals);
  const participantCounts = new WeightTable(PARTICIPANT_COUNT_WEIGHTS);
  const topicCounts = new WeightTable(TOPIC_COUNT_WEIGHTS);
  const topicTables = regionalTopicTables(rng, regions);
  const general = TOPIC_COUNT * WORDS_PER_TOPIC;

  const programme = new Uint8Array(m);
  const homeRegion = new Uint8Array(m);
  const category = new Uint8Array(m);
  const status = new Uint8Array(m);
  const startDay = new Int32Array(m);
  const endDay = new Int32Array(m);
  const grant = new Int32Array(m);
  const grantIsMaximum = new Uint8Array(m);
  const titleWords = new Uint16Array(m * TITLE_SLOTS).fill(NO_WORD);
  const participantStart = new Int32Array(m + 1);
  // Grown on demand: the mean is about 3.5 participants and 1.85 topics per project.
  let participantOrg = new Int32Array(Math.max(16, Math.ceil(m * 3.6)));
  const topicStart = new Int32Array(m + 1);
  let topicOf = new Uint8Array(Math.max(16, Math.ceil(m * 1.9)));
  let p = 0;
  let t = 0;
  const chosen: number[] = [];
  const maxParticipants = Math.min(MAX_PARTICIPANTS, orgs.count);

  for (let j = 0, round = 0; j < m; j++) {
    while (j >= programmes[round].firstProject + programmes[round].projectCount) round++;
    programme[j] = round;
    const home = homeTable.sample(rng);
    homeRegion[j] = home;

    // Participants: the lead from the home region, partners mostly so.
    const k = Math.min(MIN_PARTICIPANTS + participantCounts.sample(rng), maxParticipants);
    if (p + k > participantOrg.length) participantOrg = grow(participantOrg, p + k);
    chosen.length = 0;
    while (chosen.length < k) {
      const local = chosen.length === 0 || rng.chance(LOCAL_PARTNER_SHARE);
      const org = pickDistinct(
        chosen,
        () => (local ? draw.fromRegion(rng, home) : draw.anywhere(rng)),
        orgs.count,
      );
      chosen.push(org);
      participantOrg[p++] = org;
    }
    participantStart[j + 1] = p;

    // Topics: main topic and others, biased by the home region.
    const nt = 1 + topicCounts.sample(rng);
    if (t + nt > topicOf.length) topicOf = grow(topicOf, t + nt);
    const table = topicTables[home];
    chosen.length = 0;
    while (chosen.length < nt) {
      const topic = pickDistinct(chosen, () => table.sample(rng), TOPIC_COUNT);
      chosen.push(topic);
      topicOf[t++] = topic;
    }
    topicStart[j + 1] = t;

    // Title words: two of the main topic, one of each other topic, two general words.
    const w = j * TITLE_SLOTS;
    const main = chosen[0] * WORDS_PER_TOPIC;
    const first = rng.int(0, WORDS_PER_TOPIC - 1);
    titleWords[w] = main + first;
    titleWords[w + 1] = main + ((first + rng.int(1, WORDS_PER_TOPIC - 1)) % WORDS_PER_TOPIC);
    for (let x = 1; x < chosen.length; x++)
      titleWords[w + 1 + x] = chosen[x] * WORDS_PER_TOPIC + rng.int(0, WORDS_PER_TOPIC - 1);
    titleWords[w + 4] = general + rng.int(0, GENERAL_WORDS.length - 1);
    titleWords[w + 5] = general + rng.int(0, GENERAL_WORDS.length - 1);

    // Dates, status, grant.
    const callYear = programmes[round].callYear;
    const start = epochDay(callYear + 1, 1, 1) + rng.int(0, 364);
    const end = Math.min(start + rng.int(182, 1095), completionDeadlineDay(callYear));
    startDay[j] = start;
    endDay[j] = end;
    category[j] = rng.chance(0.45) ? 0 : 1;
    const dateStatus = end < REFERENCE_DAY ? 2 : start <= REFERENCE_DAY ? 1 : 0;
    status[j] = rng.chance(WITHDRAWN_SHARE) ? 3 : dateStatus;
    if (rng.chance(GRANT_UNKNOWN_SHARE)) {
      grant[j] = -1;
    } else {
      const euros = 90_000 * Math.exp(0.7 * rng.normal());
      grant[j] = Math.round(Math.min(2_000_000, Math.max(10_000, euros)) / 500) * 500;
      grantIsMaximum[j] = rng.chance(0.15) ? 1 : 0;
    }
  }
  return {
    projects: {
      count: m,
      programme,
      homeRegion,
      category,
      status,
      startDay,
      endDay,
      grant,
      grantIsMaximum,
      titleWords,
    },
    participantStart,
    participantOrg: participantOrg.slice(0, p),
    topicStart,
    topicOf: topicOf.slice(0, t),
  };
}

/**
 * Draws until the value is not in `taken`. After 32 misses (a small region, or one
 * organisation holding most of the weight) it takes the next free value in
 * [0, universe) after one more draw, so the loop always ends.
 */
function pickDistinct(taken: readonly number[], draw: () => number, universe: number): number {
  for (let attempt = 0; attempt < 32; attempt++) {
    const value = draw();
    if (!taken.includes(value)) return value;
  }
  let value = draw();
  while (taken.includes(value)) value = (value + 1) % universe;
  return value;
}

function grow<T extends Int32Array | Uint8Array>(array: T, needed: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(
    Math.max(needed, array.length * 2),
  );
  bigger.set(array);
  return bigger;
}

/** Zipf-like topic popularity, with each region's favourite topics boosted. */
function regionalTopicTables(rng: Rng, regions: number): WeightTable[] {
  const base = Array.from({ length: TOPIC_COUNT }, (_, t) => Math.pow(t + 1, -TOPIC_ZIPF_EXPONENT));
  return Array.from({ length: regions }, () => {
    const weights = base.slice();
    for (let f = 0; f < FAVOURITE_TOPICS_PER_REGION; f++)
      weights[rng.int(0, TOPIC_COUNT - 1)] *= FAVOURITE_TOPIC_BOOST;
    return new WeightTable(weights);
  });
}

/** For each topic, its projects in ascending order (CSR: start offsets and members). */
export function projectsByTopic(
  topicStart: Int32Array,
  topicOf: Uint8Array,
  projects: number,
): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(TOPIC_COUNT + 1);
  for (let i = 0; i < topicOf.length; i++) start[topicOf[i] + 1]++;
  for (let t = 0; t < TOPIC_COUNT; t++) start[t + 1] += start[t];
  const fill = start.slice(0, TOPIC_COUNT);
  const members = new Int32Array(topicOf.length);
  for (let j = 0; j < projects; j++)
    for (let i = topicStart[j]; i < topicStart[j + 1]; i++) members[fill[topicOf[i]]++] = j;
  return { start, members };
}

function randomTopicOf(rng: Rng, net: { topicStart: Int32Array; topicOf: Uint8Array }, j: number) {
  const from = net.topicStart[j];
  const count = net.topicStart[j + 1] - from;
  // The main topic half the time, otherwise any of the project's topics.
  return net.topicOf[count === 1 || rng.chance(0.5) ? from : from + rng.int(0, count - 1)];
}

function makeCommitments(
  rng: Rng,
  options: NetworkOptions,
  net: ReturnType<typeof makeProjects>,
  byTopic: { start: Int32Array; members: Int32Array },
): SyntheticNetwork['commitments'] {
  const c = options.commitments;
  const m = options.projects;
  const a = new Int32Array(c);
  const b = new Int32Array(c);
  const kind = new Uint8Array(c);
  const status = new Uint8Array(c);
  const provenance = new Uint8Array(c);
  const committedDay = new Int32Array(c);
  const kinds = new WeightTable(KIND_WEIGHTS);
  const statuses = new WeightTable(COMMITMENT_STATUS_WEIGHTS);
  const provenances = new WeightTable(PROVENANCE_WEIGHTS);
  const taken = new Set<number>();
  for (let i = 0; i < c;) {
    const x = rng.int(0, m - 1);
    let y: number;
    if (rng.chance(TOPIC_PAIR_SHARE)) {
      const topic = randomTopicOf(rng, net, x);
      const from = byTopic.start[topic];
      const size = byTopic.start[topic + 1] - from;
      if (size < 2) continue;
      y = byTopic.members[from + rng.int(0, size - 1)];
    } else {
      y = rng.int(0, m - 1);
    }
    if (x === y) continue;
    const lo = Math.min(x, y);
    const hi = Math.max(x, y);
    const k = kinds.sample(rng);
    const key = (lo * m + hi) * COMMITMENT_KINDS.length + k;
    if (taken.has(key)) continue;
    taken.add(key);
    a[i] = lo;
    b[i] = hi;
    kind[i] = k;
    status[i] = statuses.sample(rng);
    provenance[i] = provenances.sample(rng);
    committedDay[i] =
      Math.max(net.projects.startDay[lo], net.projects.startDay[hi]) + rng.int(0, 120);
    i++;
  }
  return { count: c, a, b, kind, status, provenance, committedDay };
}

function makeReuseLinks(
  rng: Rng,
  m: number,
  net: ReturnType<typeof makeProjects>,
  byTopic: { start: Int32Array; members: Int32Array },
): SyntheticNetwork['reuseLinks'] {
  const wanted = Math.floor(m / 20);
  const project = new Int32Array(wanted);
  const source = new Int32Array(wanted);
  const taken = new Set<number>();
  let n = 0;
  // Bounded: in a tiny network there may be too few earlier projects on shared topics.
  for (let attempt = 0; n < wanted && attempt < wanted * 20; attempt++) {
    const j = rng.int(1, m - 1);
    const topic = randomTopicOf(rng, net, j);
    const from = byTopic.start[topic];
    // Members are ascending: count those before j.
    let lo = from;
    let hi = byTopic.start[topic + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byTopic.members[mid] < j) lo = mid + 1;
      else hi = mid;
    }
    const earlier = lo - from;
    if (earlier === 0) continue;
    const s = byTopic.members[from + rng.int(0, earlier - 1)];
    const key = j * m + s;
    if (taken.has(key)) continue;
    taken.add(key);
    project[n] = j;
    source[n] = s;
    n++;
  }
  return { count: n, project: project.slice(0, n), source: source.slice(0, n) };
}
