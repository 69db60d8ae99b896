/**
 * The web page's map of Finland and its charts, in Debian's Chromium (playwright-core)
 * against the built server on the seeded dataset. What the page shows is compared with
 * what the public GraphQL API answers and with data/municipality-centres.csv; no count of
 * the real dataset is written here.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');

// These run inside the page (page.evaluate); the test's own program has no DOM types.
declare const window: { __kuntaverkko: { interactive: boolean; mapCount: number } };
declare const document: any;

/** The codes of data/municipality-centres.csv: what the map must draw. */
const CENTRE_CODES = readFileSync(join(__dirname, '..', 'data', 'municipality-centres.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => l.split(',')[0]);

interface Dot {
  id: string;
  code: string;
  state: string;
  r: number;
  title: string;
  cls: string;
}

interface Bucket {
  key: string | null;
  municipalities: number;
  reached: number;
  notReached: number;
  population: number;
  populationCovered: number;
}

const DASHBOARD = `query ($programme: String) { dashboard(programme: $programme) {
  projects { withoutTopic byTopic { key count } byRegion { key count } }
  participation { participantsPerProject { participants projects }
    recordedParticipantsPerIncompleteProject { participants projects } }
  cooperation { pairsComputed similarPairs committedPairs coverage }
  equity { complete total { ...B } byRegion { ...B } byLanguageStatus { ...B } byPopulationClass { ...B } }
} }
fragment B on EquityBucket { key municipalities reached notReached population populationCovered }`;

describe('web page: map of Finland and charts', () => {
  let app: TestApp;
  let browser: Browser;
  /** Municipality code → global id and population, from the API. */
  let municipalities: Map<
    string,
    { id: string; nameFi: string; nameSv: string | null; population2019: number | null }
  >;

  beforeAll(async () => {
    // Several page loads from one IP in a minute: over the default budget. Rate limiting is
    // tested in limits.e2e-spec.ts.
    app = await startTestApp({ env: { RATE_LIMIT_POINTS: '0' } });
    browser = await launchChromium();
    municipalities = new Map();
    let after: string | null = null;
    for (;;) {
      const res: any = await app.gql(
        `query ($after: String) { municipalities(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor } edges { node { id code nameFi nameSv population2019 } } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      for (const e of res.data.municipalities.edges) municipalities.set(e.node.code, e.node);
      if (!res.data.municipalities.pageInfo.hasNextPage) break;
      after = res.data.municipalities.pageInfo.endCursor;
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path = '/?lang=fi'): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: 'fi-FI',
    });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.baseUrl + path);
    await page.waitForFunction(() => window.__kuntaverkko?.interactive === true, null, {
      timeout: 60_000,
    });
    return { page, errors };
  }

  const dots = (page: Page): Promise<Dot[]> =>
    page.locator('#map-canvas circle[data-code]').evaluateAll((els) =>
      els.map((e: any) => ({
        id: e.getAttribute('data-id'),
        code: e.getAttribute('data-code'),
        state: e.getAttribute('data-state'),
        r: Number(e.getAttribute('r')),
        title: e.querySelector('title')?.textContent ?? '',
        cls: e.getAttribute('class'),
      })),
    );

  /** What the map should show for a filter, from the API: the network's municipalities and the lists' completeness. */
  async function expectedStates(filter: { programme?: string; topic?: string }) {
    const res: any = await app.gql(
      `query ($programme: String, $topic: String, $filter: ProjectFilter) {
        network(programme: $programme, topic: $topic, maxNodes: 5000) {
          nodes { organisation { id kind } } edges { source { id } target { id } } }
        projects(first: 100, filter: $filter) { pageInfo { hasNextPage } edges { node { participantsKnown } } }
      }`,
      { programme: filter.programme ?? null, topic: filter.topic ?? null, filter },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.projects.pageInfo.hasNextPage).toBe(false);
    const reached = new Set<string>(
      res.data.network.nodes
        .filter((n: any) => n.organisation.kind === 'MUNICIPALITY')
        .map((n: any) => n.organisation.id),
    );
    const complete = res.data.projects.edges.every((e: any) => e.node.participantsKnown);
    const states = new Map<string, string>();
    for (const code of CENTRE_CODES) {
      const id = municipalities.get(code)!.id;
      states.set(id, reached.has(id) ? 'reached' : complete ? 'not-reached' : 'unknown');
    }
    return { states, reached, complete, edges: res.data.network.edges as any[] };
  }

  const stateMap = (ds: Dot[]) => new Map(ds.map((d) => [d.id, d.state]));

  it('sends the page’s own files compressed and the API’s answers as they are', async () => {
    const html = await fetch(`${app.baseUrl}/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(html.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    const page = await html.text();
    const script = /<script[^>]*src="([^"]+)"/.exec(page)![1];
    const asset = await fetch(`${app.baseUrl}/${script}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('vary')).toMatch(/accept-encoding/i);
    const gunzipped = await asset.text();
    expect(gunzipped.length).toBeGreaterThan(10_000);
    const plain = await fetch(`${app.baseUrl}/${script}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(gunzipped).toBe(text);
    // Brotli (compressed at build time) where the browser takes it, the same script decoded.
    const br = await fetch(`${app.baseUrl}/${script}`, {
      headers: { 'accept-encoding': 'gzip;q=0.5, br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(Number(br.headers.get('content-length'))).toBeLessThan(text.length / 2);
    expect(await br.text()).toBe(text);
    // The network's renderer is a chunk of its own, asked for by the page beside the script.
    const preloads = [...page.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(preloads.some((p) => /network-renderer-\w+\.js$/.test(p))).toBe(true);
    for (const chunk of preloads) {
      const res = await fetch(`${app.baseUrl}/${chunk}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
    const api = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' },
      body: JSON.stringify({ query: '{ programmes { totalCount } }' }),
    });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-encoding')).toBeNull();
  });

  it('draws every municipality of the centres file at its centre, sized by population, with the attributions', async () => {
    const { page, errors } = await open('/?lang=en');
    expect(CENTRE_CODES.length).toBeGreaterThan(300);
    const drawn = await dots(page);
    expect(drawn).toHaveLength(CENTRE_CODES.length);
    expect(new Set(drawn.map((d) => d.code))).toEqual(new Set(CENTRE_CODES));
    expect(await page.evaluate(() => window.__kuntaverkko.mapCount)).toBe(CENTRE_CODES.length);
    // Each dot is the API's municipality of that code (its id opens the panel).
    for (const d of drawn) expect(d.id).toBe(municipalities.get(d.code)?.id);

    // Area grows with the population: a larger population never has a smaller dot.
    const withPopulation = drawn
      .map((d) => ({ ...d, population: municipalities.get(d.code)!.population2019 }))
      .filter((d) => d.population !== null)
      .sort((a, b) => a.population! - b.population!);
    expect(withPopulation.length).toBeGreaterThan(0);
    for (let i = 1; i < withPopulation.length; i++)
      expect(withPopulation[i].r).toBeGreaterThanOrEqual(withPopulation[i - 1].r);
    expect(withPopulation[withPopulation.length - 1].r).toBeGreaterThan(3 * withPopulation[0].r);

    // On Finland's outline: Helsinki (091) is drawn south of Rovaniemi (698), and inside the map.
    const box = (code: string) =>
      page.locator(`#map-canvas circle[data-code="${code}"]`).boundingBox();
    const outline = (await page.locator('#map-canvas .map-outline').boundingBox())!;
    const helsinki = (await box('091'))!;
    const rovaniemi = (await box('698'))!;
    expect(helsinki.y).toBeGreaterThan(rovaniemi.y);
    for (const b of [helsinki, rovaniemi]) {
      expect(b.x).toBeGreaterThanOrEqual(outline.x - b.width);
      expect(b.x + b.width).toBeLessThanOrEqual(outline.x + outline.width + b.width);
      expect(b.y + b.height).toBeLessThanOrEqual(outline.y + outline.height + b.height);
    }
    // The outline is simplified at build time: a path of tens of KB, not the 1.5 MB source.
    const d = (await page.locator('#map-canvas .map-outline').getAttribute('d'))!;
    expect(d.length).toBeGreaterThan(5_000);
    expect(d.length).toBeLessThan(200_000);

    const attribution = await page.locator('#map .attribution').innerText();
    expect(attribution).toContain('National Land Survey of Finland');
    expect(attribution).toContain('Statistics Finland');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('colours the municipalities taking part, not reached or not known as the API says, and a topic filter recolours them', async () => {
    const { page, errors } = await open();
    const all = await expectedStates({});
    expect(all.reached.size).toBeGreaterThan(0);
    expect(stateMap(await dots(page))).toEqual(all.states);
    // The legend counts the same, and "taking part" is the dashboard's own figure.
    const dash: any = await app.gql('{ dashboard { participation { municipalities } } }');
    const legend = async (state: string) =>
      Number(
        (await page.locator(`#map-legend li[data-state="${state}"] .count`).innerText()).replace(
          /\s/g,
          '',
        ),
      );
    expect(await legend('reached')).toBe(dash.data.dashboard.participation.municipalities);
    expect(await legend('reached')).toBe(all.reached.size);
    expect((await legend('not-reached')) + (await legend('unknown'))).toBe(
      CENTRE_CODES.length - all.reached.size,
    );

    // A topic that leaves out some municipalities taking part: the map must change.
    const topics: any = await app.gql(
      '{ topics(first: 100) { edges { node { slug projectCount } } } }',
    );
    let chosen: { slug: string; expected: Awaited<ReturnType<typeof expectedStates>> } | null =
      null;
    for (const t of topics.data.topics.edges.map((e: any) => e.node)) {
      if (t.projectCount === 0) continue;
      const expected = await expectedStates({ topic: t.slug });
      if (expected.reached.size > 0 && expected.reached.size < all.reached.size) {
        chosen = { slug: t.slug, expected };
        break;
      }
    }
    expect(chosen).not.toBeNull();
    await page.waitForFunction(
      (slug) =>
        [...document.querySelectorAll('#filter-topic option')].some((o: any) => o.value === slug),
      chosen!.slug,
    );
    await page.selectOption('#filter-topic', chosen!.slug);
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('#map-canvas circle[data-state="reached"]').length === n &&
        !document.querySelector('#map-canvas svg[aria-busy]'),
      chosen!.expected.reached.size,
    );
    expect(stateMap(await dots(page))).toEqual(chosen!.expected.states);

    // A region narrows the network view only; the map still shows the whole country.
    await page.selectOption('#filter-topic', '');
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('#map-canvas circle[data-state="reached"]').length === n &&
        !document.querySelector('#map-canvas svg[aria-busy]'),
      all.reached.size,
    );
    const regions: any = await app.gql('{ regions { code } }');
    await page.selectOption('#filter-region', regions.data.regions[0].code);
    await page.waitForFunction(() => !document.querySelector('#map-canvas svg[aria-busy]'));
    expect(stateMap(await dots(page))).toEqual(all.states);
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'web-map.png') });
    await page.close();
  });

  it('opens the same panel as the network view when a municipality is clicked, also one outside the network', async () => {
    const { page, errors } = await open();
    const all = await expectedStates({});
    // The screen point of a dot where it is the topmost element (a click there hits it).
    const clickable = (ids: string[]) =>
      page.evaluate((wanted: string[]) => {
        for (const id of wanted) {
          const el = document.querySelector(`#map-canvas circle[data-id="${id}"]`);
          el.scrollIntoView({ block: 'center' });
          const r = el.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          if (document.elementFromPoint(x, y) === el) return { id, x, y };
        }
        return null;
      }, ids);
    const inNetwork = await clickable([...all.reached]);
    expect(inNetwork).not.toBeNull();
    await page.mouse.click(inNetwork!.x, inNetwork!.y);
    await page.locator(`#panel[data-id="${inNetwork!.id}"]`).waitFor({ timeout: 30_000 });
    const code = [...municipalities].find(([, m]) => m.id === inNetwork!.id)![0];
    expect(await page.locator('#panel-title').innerText()).toBe(municipalities.get(code)!.nameFi);
    expect(
      await page.locator(`#map-canvas circle[data-id="${inNetwork!.id}"]`).getAttribute('class'),
    ).toContain('selected');
    expect(await page.locator('#map-select').inputValue()).toBe(inNetwork!.id);
    // The network view marks the same organisation: one panel for both layouts.
    expect(await page.locator('#org-select').inputValue()).toBe(inNetwork!.id);
    const api: any = await app.gql(
      `query ($id: ID!) { node(id: $id) { ... on Organisation { participationCount } } }`,
      { id: inNetwork!.id },
    );
    expect(await page.locator('#panel [data-section="orgProjects"] li').count()).toBe(
      api.data.node.participationCount,
    );

    // One that takes part in nothing: not in the network, the panel opens all the same.
    const outside = await clickable(
      [...all.states].filter(([, s]) => s !== 'reached').map(([id]) => id),
    );
    expect(outside).not.toBeNull();
    await page.mouse.click(outside!.x, outside!.y);
    await page.locator(`#panel[data-id="${outside!.id}"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('#panel [data-section="orgProjects"] li').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the partner links of the network between the centres when asked', async () => {
    const { page, errors } = await open();
    const all = await expectedStates({});
    const onMap = new Set(CENTRE_CODES.map((c) => municipalities.get(c)!.id));
    const expected = all.edges
      .filter((e) => onMap.has(e.source.id) && onMap.has(e.target.id))
      .map((e) => [e.source.id, e.target.id].sort().join(' '))
      .sort();
    expect(await page.locator('#map-canvas line').count()).toBe(0);
    await page.check('#map-links-toggle');
    const drawn = (
      await page
        .locator('#map-canvas line')
        .evaluateAll((els) => els.map((e: any) => e.getAttribute('data-ends')))
    )
      .map((ends: string) => ends.split(' ').sort().join(' '))
      .sort();
    expect(drawn).toEqual(expected);
    // Each line joins the two dots' centres.
    if (expected.length > 0) {
      const ok = await page.evaluate(() => {
        const line = document.querySelector('#map-canvas line');
        const [a, b] = line.getAttribute('data-ends').split(' ');
        const dot = (id: string) => document.querySelector(`#map-canvas circle[data-id="${id}"]`);
        return (
          line.getAttribute('x1') === dot(a).getAttribute('cx') &&
          line.getAttribute('y2') === dot(b).getAttribute('cy')
        );
      });
      expect(ok).toBe(true);
    }
    await page.uncheck('#map-links-toggle');
    expect(await page.locator('#map-canvas line').count()).toBe(0);
    await page.check('#map-links-toggle');
    // Swedish labels, names and legend without a reload.
    const bilingual = [...municipalities.values()].find((m) => m.nameSv && m.nameSv !== m.nameFi)!;
    await page.click('button[data-lang="sv"]');
    expect(
      await page.locator(`#map-canvas circle[data-id="${bilingual.id}"] title`).textContent(),
    ).toContain(bilingual.nameSv!);
    expect(await page.locator('#map-legend li[data-state="reached"]').innerText()).toContain(
      'Deltar',
    );
    expect(await page.locator('#map-heading').innerText()).toBe('Karta');
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-map-links.png'), fullPage: true });
    await page.close();
  });

  /** Rows of a chart's table: key → value per series, as the page shows them. */
  const table = (page: Page, chart: string) =>
    page.locator(`[data-chart="${chart}"] tbody tr`).evaluateAll((rows) =>
      rows.map((r: any) => ({
        key: r.getAttribute('data-key'),
        values: Object.fromEntries(
          [...r.querySelectorAll('td[data-series]')].map((td: any) => [
            td.getAttribute('data-series'),
            Number(td.getAttribute('data-value')),
          ]),
        ),
      })),
    );

  /** Bars of a chart: key, series, value and drawn width. */
  const bars = (page: Page, chart: string) =>
    page.locator(`[data-chart="${chart}"] rect.bar`).evaluateAll((els) =>
      els.map((e: any) => ({
        key: e.getAttribute('data-key'),
        series: e.getAttribute('data-series'),
        value: Number(e.getAttribute('data-value')),
        width: Number(e.getAttribute('width')),
      })),
    );

  /** The table says what the bars draw, and the bars are drawn to one scale. */
  async function expectBarsMatchTable(page: Page, chart: string) {
    const rows = await table(page, chart);
    const drawn = await bars(page, chart);
    expect(drawn.length).toBe(rows.reduce((n, r) => n + Object.keys(r.values).length, 0));
    for (const b of drawn) {
      const row = rows.find((r) => r.key === b.key)!;
      expect(row.values[b.series]).toBe(b.value);
    }
    const scale = drawn.filter((b) => b.value > 0).map((b) => b.width / b.value);
    for (const s of scale) expect(Math.abs(s - scale[0])).toBeLessThan(0.05 * scale[0]);
    return rows;
  }

  async function expectChartsShow(page: Page, programme: string | null) {
    const res: any = await app.gql(DASHBOARD, { programme });
    expect(res.errors).toBeUndefined();
    const d = res.data.dashboard;
    await page.locator('#charts-body[data-loaded="true"]').waitFor();
    await page.waitForFunction(
      (p) => document.querySelector('#charts-body').dataset.programme === p,
      programme ?? '',
    );

    const byTopic = await expectBarsMatchTable(page, 'projects-by-topic');
    const topics = d.projects.byTopic.map((c: any) => ({
      key: c.key ?? '',
      values: { count: c.count },
    }));
    if (d.projects.withoutTopic > 0)
      topics.push({ key: '', values: { count: d.projects.withoutTopic } });
    expect(byTopic).toEqual(topics);
    expect(byTopic.length).toBeGreaterThan(0);

    expect(await expectBarsMatchTable(page, 'projects-by-region')).toEqual(
      d.projects.byRegion.map((c: any) => ({ key: c.key ?? '', values: { count: c.count } })),
    );

    const perProject = new Map<string, { complete: number; incomplete: number }>();
    for (const b of d.participation.participantsPerProject)
      perProject.set(String(b.participants), { complete: b.projects, incomplete: 0 });
    for (const b of d.participation.recordedParticipantsPerIncompleteProject)
      perProject.set(String(b.participants), {
        complete: perProject.get(String(b.participants))?.complete ?? 0,
        incomplete: b.projects,
      });
    expect(await expectBarsMatchTable(page, 'participants-per-project')).toEqual(
      [...perProject]
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map(([key, values]) => ({ key, values })),
    );

    const c = d.cooperation;
    const coverage = await expectBarsMatchTable(page, 'cooperation-coverage');
    if (c.pairsComputed && c.similarPairs !== null) {
      expect(coverage).toEqual([
        {
          key: 'pairs',
          values: { committed: c.committedPairs, uncommitted: c.similarPairs - c.committedPairs },
        },
      ]);
      expect(
        await page.locator('[data-chart="cooperation-coverage"]').getAttribute('data-coverage'),
      ).toBe(c.coverage === null ? '' : String(c.coverage));
    } else {
      expect(coverage).toEqual([]);
    }

    const e = d.equity;
    expect(await page.locator('[data-equity-total]').getAttribute('data-equity-total')).toBe(
      `${e.total.reached}/${e.total.municipalities}`,
    );
    expect(await page.locator('[data-chart="equity"]').getAttribute('data-complete')).toBe(
      String(e.complete),
    );
    const equity = (buckets: Bucket[]) =>
      buckets.map((b) => ({
        key: b.key ?? '',
        values: { reached: b.reached, notReached: b.notReached },
      }));
    expect(await expectBarsMatchTable(page, 'equity-by-region')).toEqual(equity(e.byRegion));
    expect(await expectBarsMatchTable(page, 'equity-by-language')).toEqual(
      equity(e.byLanguageStatus),
    );
    // Population classes in numeric order, whatever order the API lists them in.
    const lower = (key: string) =>
      key === '' ? Infinity : key === 'UNDER_2000' ? 0 : Number(key.split('_')[0]);
    const classes = await expectBarsMatchTable(page, 'equity-by-population');
    expect(classes).toEqual(
      equity(e.byPopulationClass).sort((a, b) => lower(a.key) - lower(b.key)),
    );
    expect(classes.map((r) => lower(r.key))).toEqual(
      classes.map((r) => lower(r.key)).sort((a, b) => a - b),
    );
  }

  it('shows the dashboard’s figures in charts, each with its table, and reloads them for a programme', async () => {
    const { page, errors } = await open();
    await expectChartsShow(page, null);
    // Tables are there for screen readers and copying: real <table>s with headers.
    const figures = await page.locator('#charts-body figure.chart').count();
    expect(figures).toBe(7);
    expect(
      await page.locator('#charts-body figure.chart table th[scope="col"]').count(),
    ).toBeGreaterThanOrEqual(figures * 2);
    expect(
      await page.locator('#charts-body svg.chart-svg[aria-hidden="true"]').count(),
    ).toBeGreaterThan(0);
    await page.locator('[data-chart="projects-by-topic"] summary').click();
    expect(await page.locator('[data-chart="projects-by-topic"] table').isVisible()).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#charts').screenshot({ path: join(ARTIFACTS, 'web-charts.png') });

    const programmes: any = await app.gql('{ programmes(first: 100) { edges { node { code } } } }');
    const code = programmes.data.programmes.edges[0].node.code as string;
    await page.waitForFunction(
      (c) =>
        [...document.querySelectorAll('#filter-programme option')].some((o: any) => o.value === c),
      code,
    );
    await page.selectOption('#filter-programme', code);
    await expectChartsShow(page, code);
    expect(errors).toEqual([]);
    await page.close();
  });
});
