import {
  COMMITMENT_KINDS,
  generateNetwork,
  NetworkOptions,
  projectsByTopic,
  RegionProfile,
  SyntheticNetwork,
  TITLE_SLOTS,
  TOPIC_COUNT,
  validateOptions,
  WORDS_PER_TOPIC,
} from './network';

/** Finland's 19 regions with their real municipalities per language status (2020). */
const REGIONS: RegionProfile[] = (
  [
    ['01', [11, 13, 0, 2]],
    ['02', [24, 1, 0, 2]],
    ['04', [17, 0, 0, 0]],
    ['05', [11, 0, 0, 0]],
    ['06', [22, 0, 0, 0]],
    ['07', [9, 0, 0, 0]],
    ['08', [6, 1, 0, 0]],
    ['09', [9, 0, 0, 0]],
    ['10', [14, 0, 0, 0]],
    ['11', [18, 0, 0, 0]],
    ['12', [12, 0, 0, 0]],
    ['13', [23, 0, 0, 0]],
    ['14', [17, 0, 0, 0]],
    ['15', [2, 2, 0, 11]],
    ['16', [7, 1, 0, 0]],
    ['17', [30, 0, 0, 0]],
    ['18', [8, 0, 0, 0]],
    ['19', [21, 0, 0, 0]],
    ['21', [0, 0, 16, 0]],
  ] as const
).map(([code, languages]) => ({ code, languages }));

const OPTIONS: NetworkOptions = {
  seed: 2024,
  organisations: 5000,
  projects: 20_000,
  commitments: 10_000,
  regions: REGIONS,
};

const participantsOf = (net: SyntheticNetwork, j: number) =>
  Array.from(net.participantOrg.subarray(net.participantStart[j], net.participantStart[j + 1]));
const topicsOf = (net: SyntheticNetwork, j: number) =>
  Array.from(net.topicOf.subarray(net.topicStart[j], net.topicStart[j + 1]));

describe('generateNetwork', () => {
  const net = generateNetwork(OPTIONS);

  it('is deterministic: the same seed gives the same network, another seed another one', () => {
    const again = generateNetwork(OPTIONS);
    expect(again.participantOrg).toEqual(net.participantOrg);
    expect(again.topicOf).toEqual(net.topicOf);
    expect(again.projects.titleWords).toEqual(net.projects.titleWords);
    expect(again.organisations.population).toEqual(net.organisations.population);
    expect(again.commitments.a).toEqual(net.commitments.a);
    expect(again.commitments.b).toEqual(net.commitments.b);
    expect(again.reuseLinks.source).toEqual(net.reuseLinks.source);
    expect(again.topics).toEqual(net.topics);

    const other = generateNetwork({ ...OPTIONS, seed: 2025 });
    expect(other.participantOrg).not.toEqual(net.participantOrg);
    expect(other.topics).not.toEqual(net.topics);
  });

  it('keeps projects the same when only the number of commitments changes', () => {
    const fewer = generateNetwork({ ...OPTIONS, commitments: 100 });
    expect(fewer.participantOrg).toEqual(net.participantOrg);
    expect(fewer.commitments.count).toBe(100);
  });

  // Loops count violations and assert once: an expect() per row would make the spec slow.
  it('gives every project 2–8 distinct participants, about 3.5 on average', () => {
    let total = 0;
    const bad: number[] = [];
    for (let j = 0; j < OPTIONS.projects; j++) {
      const orgs = participantsOf(net, j);
      const valid =
        orgs.length >= 2 &&
        orgs.length <= 8 &&
        new Set(orgs).size === orgs.length &&
        orgs.every((o) => o >= 0 && o < OPTIONS.organisations);
      if (!valid) bad.push(j);
      total += orgs.length;
    }
    expect(bad).toEqual([]);
    expect(total / OPTIONS.projects).toBeGreaterThan(3.35);
    expect(total / OPTIONS.projects).toBeLessThan(3.65);
  });

  it('has a heavy tail: the top 1 % of organisations hold far more than 1 % of participations', () => {
    const counts = new Int32Array(OPTIONS.organisations);
    for (const o of net.participantOrg) counts[o]++;
    const sorted = Array.from(counts).sort((a, b) => b - a);
    const top = sorted.slice(0, OPTIONS.organisations / 100).reduce((s, c) => s + c, 0);
    const share = top / net.participantOrg.length;
    expect(share).toBeGreaterThan(0.1);
    // ... while the median organisation takes part in fewer projects than the mean.
    const mean = net.participantOrg.length / OPTIONS.organisations;
    expect(sorted[OPTIONS.organisations / 2]).toBeLessThan(mean);
  });

  it('clusters regionally: the lead and about 80 % of all participants are from the home region', () => {
    let local = 0;
    let foreignLeads = 0;
    for (let j = 0; j < OPTIONS.projects; j++) {
      const home = net.projects.homeRegion[j];
      const orgs = participantsOf(net, j);
      if (net.organisations.region[orgs[0]] !== home) foreignLeads++;
      for (const o of orgs) if (net.organisations.region[o] === home) local++;
    }
    expect(foreignLeads).toBe(0);
    const share = local / net.participantOrg.length;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(0.88);
  });

  it('draws regions and language statuses like the real municipalities', () => {
    const aland = REGIONS.findIndex((r) => r.code === '21');
    let alandNotSwedish = 0;
    for (let i = 0; i < OPTIONS.organisations; i++) {
      // Åland's municipalities are all Swedish-speaking, and so are the synthetic ones there.
      if (net.organisations.region[i] === aland && net.organisations.language[i] !== 2)
        alandNotSwedish++;
    }
    expect(alandNotSwedish).toBe(0);
    const finnish = net.organisations.language.filter((l) => l === 0).length;
    expect(finnish / OPTIONS.organisations).toBeGreaterThan(0.8);
    expect(finnish / OPTIONS.organisations).toBeLessThan(0.95);
    const population = Array.from(net.organisations.population).sort((a, b) => a - b);
    expect(population[0]).toBeGreaterThanOrEqual(100);
    expect(population[population.length - 1]).toBeLessThanOrEqual(660_000);
    const median = population[population.length >> 1];
    const mean = population.reduce((s, p) => s + p, 0) / population.length;
    expect(mean).toBeGreaterThan(2 * median); // skewed to the right
  });

  it('gives 1–3 distinct topics per project, Zipf-like and different by region', () => {
    const mainCount = new Array<number>(TOPIC_COUNT).fill(0);
    const byRegion = REGIONS.map(() => new Array<number>(TOPIC_COUNT).fill(0));
    const bad: number[] = [];
    for (let j = 0; j < OPTIONS.projects; j++) {
      const topics = topicsOf(net, j);
      if (topics.length < 1 || topics.length > 3 || new Set(topics).size !== topics.length)
        bad.push(j);
      mainCount[topics[0]]++;
      byRegion[net.projects.homeRegion[j]][topics[0]]++;
    }
    expect(bad).toEqual([]);
    const sorted = mainCount.slice().sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(10 * sorted[TOPIC_COUNT - 1]);
    // Total-variation distance between the main-topic mixes of the two largest regions.
    const [r1, r2] = byRegion
      .map((counts, r) => ({ r, n: counts.reduce((s, c) => s + c, 0) }))
      .sort((a, b) => b.n - a.n);
    const p = byRegion[r1.r].map((c) => c / r1.n);
    const q = byRegion[r2.r].map((c) => c / r2.n);
    const distance = p.reduce((s, x, t) => s + Math.abs(x - q[t]), 0) / 2;
    expect(distance).toBeGreaterThan(0.2);
  });

  it('builds titles from topic words, so projects sharing a main topic share words', () => {
    for (let j = 0; j < 1000; j++) {
      const main = topicsOf(net, j)[0];
      const words = net.projects.titleWords.subarray(j * TITLE_SLOTS, j * TITLE_SLOTS + 2);
      for (const w of words) expect(Math.floor(w / WORDS_PER_TOPIC)).toBe(main);
      expect(words[0]).not.toBe(words[1]);
    }
  });

  it('keeps dates ordered, inside the round, and grants unknown for about 10 %', () => {
    let unknown = 0;
    const bad: number[] = [];
    const statuses = [0, 0, 0, 0];
    for (let j = 0; j < OPTIONS.projects; j++) {
      const { startDay, endDay, grant } = net.projects;
      if (startDay[j] >= endDay[j] || (grant[j] >= 0 && grant[j] < 10_000)) bad.push(j);
      if (grant[j] < 0) unknown++;
      statuses[net.projects.status[j]]++;
    }
    expect(bad).toEqual([]);
    expect(unknown / OPTIONS.projects).toBeGreaterThan(0.08);
    expect(unknown / OPTIONS.projects).toBeLessThan(0.12);
    // GRANTED, ACTIVE, COMPLETED all present; WITHDRAWN a minority
    for (const s of statuses) expect(s).toBeGreaterThan(0);
    expect(statuses[3] / OPTIONS.projects).toBeLessThan(0.12);
    const rounds = net.programmes.reduce((s, p) => s + p.projectCount, 0);
    expect(rounds).toBe(OPTIONS.projects);
  });

  it('makes ordered, unique commitments, mostly between projects sharing a topic', () => {
    const c = net.commitments;
    expect(c.count).toBe(OPTIONS.commitments);
    const keys = new Set<string>();
    let sharing = 0;
    let unordered = 0;
    for (let i = 0; i < c.count; i++) {
      if (c.a[i] >= c.b[i]) unordered++;
      keys.add(`${c.a[i]}:${c.b[i]}:${c.kind[i]}`);
      const ta = new Set(topicsOf(net, c.a[i]));
      if (topicsOf(net, c.b[i]).some((t) => ta.has(t))) sharing++;
    }
    expect(unordered).toBe(0);
    expect(keys.size).toBe(c.count);
    expect(sharing / c.count).toBeGreaterThan(0.8);
    expect(new Set(c.kind).size).toBe(COMMITMENT_KINDS.length);
    expect(new Set(c.provenance).size).toBe(3);
  });

  it('links projects / 20 reuses to earlier projects on a shared topic', () => {
    const r = net.reuseLinks;
    expect(r.count).toBe(OPTIONS.projects / 20);
    const bad: number[] = [];
    for (let i = 0; i < r.count; i++) {
      const own = new Set(topicsOf(net, r.project[i]));
      if (r.source[i] >= r.project[i] || !topicsOf(net, r.source[i]).some((t) => own.has(t)))
        bad.push(i);
    }
    expect(bad).toEqual([]);
  });

  it('copes with tiny networks', () => {
    const tiny = generateNetwork({ ...OPTIONS, organisations: 2, projects: 5, commitments: 3 });
    for (let j = 0; j < 5; j++) expect(participantsOf(tiny, j).sort()).toEqual([0, 1]);
    expect(tiny.commitments.count).toBe(3);
    const empty = generateNetwork({ ...OPTIONS, projects: 0, commitments: 0 });
    expect(empty.participantOrg.length).toBe(0);
  });

  it('rejects sizes it cannot honour', () => {
    expect(() => validateOptions({ ...OPTIONS, organisations: 1 })).toThrow(/organisations/);
    expect(() => validateOptions({ ...OPTIONS, projects: 3, commitments: 7 })).toThrow(
      /commitments/,
    );
    expect(() => validateOptions({ ...OPTIONS, projects: 1.5 })).toThrow(/projects/);
  });

  it('indexes projects by topic in ascending order', () => {
    const byTopic = projectsByTopic(net.topicStart, net.topicOf, OPTIONS.projects);
    expect(byTopic.start[TOPIC_COUNT]).toBe(net.topicOf.length);
    let unsorted = 0;
    for (let t = 0; t < TOPIC_COUNT; t++)
      for (let k = byTopic.start[t] + 1; k < byTopic.start[t + 1]; k++)
        if (byTopic.members[k - 1] >= byTopic.members[k]) unsorted++;
    expect(unsorted).toBe(0);
  });
});
