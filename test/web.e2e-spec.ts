/**
 * The web page at `/`, driven in Debian's Chromium (playwright-core) against the built
 * server on the seeded dataset. The page exposes read-only state for these tests as
 * `window.__kuntaverkko` (drawn counts, node positions); everything else is read from
 * the DOM and compared with what the public GraphQL API answers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');

interface Hooks {
  interactive: boolean;
  nodeCount: number;
  edgeCount: number;
  nodeIds(): string[];
  neighbours(id: string): string[];
  nodePosition(id: string): { x: number; y: number } | null;
  labelOf(id: string): string | null;
}
// These run inside the page (page.evaluate); the test's own program has no DOM types.
declare const window: { __kuntaverkko: Hooks };
declare const document: any;
declare const location: { search: string };

const NETWORK = `{ network(maxNodes: 5000) {
  nodes { organisation { id kind nameFi nameSv } } edges { source { id } target { id } } } }`;

describe('web page', () => {
  let app: TestApp;
  let browser: Browser;
  let network: {
    nodes: { organisation: { id: string; kind: string; nameFi: string; nameSv: string | null } }[];
    edges: { source: { id: string }; target: { id: string } }[];
  };

  beforeAll(async () => {
    // A dozen page loads from one IP in a minute, each drawing the network (about 5,500
    // points): over the default budget. Rate limiting is tested in limits.e2e-spec.ts.
    app = await startTestApp({ env: { RATE_LIMIT_POINTS: '0' } });
    browser = await launchChromium();
    const res = await app.gql(NETWORK);
    expect(res.errors).toBeUndefined();
    network = res.data!.network;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens the page and waits until the network is drawn; console errors are collected. */
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

  it('is served at / with a strict content security policy, beside the API routes', async () => {
    const res = await fetch(`${app.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    // No inline script: every <script> has a src, and it names a hashed bundle.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^assets\/app-[A-Z0-9]+\.js$/);
    const asset = await fetch(`${app.baseUrl}/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/no-such-page`)).status).toBe(404);
    const api = await app.gql('{ programmes { totalCount } }');
    expect(api.data?.programmes.totalCount).toBeGreaterThan(0);
  });

  it('loads without console errors, shows the key figures and draws the seeded network', async () => {
    const { page, errors } = await open();
    const drawn = await page.evaluate(() => ({
      nodes: window.__kuntaverkko.nodeCount,
      edges: window.__kuntaverkko.edgeCount,
      ids: window.__kuntaverkko.nodeIds(),
    }));
    expect(network.nodes.length).toBeGreaterThan(0);
    expect(drawn.nodes).toBe(network.nodes.length);
    expect(drawn.edges).toBe(network.edges.length);
    expect(new Set(drawn.ids)).toEqual(new Set(network.nodes.map((n) => n.organisation.id)));

    const counts = await app.gql('{ projects { totalCount } municipalities { totalCount } }');
    const figure = (key: string) =>
      page.locator(`[data-figure="${key}"] dd`).innerText({ timeout: 30_000 });
    await page.waitForFunction(
      () => !document.querySelector('[data-figure="projects"] dd')?.textContent?.includes('…'),
    );
    expect(Number((await figure('projects')).replace(/\s/g, ''))).toBe(
      counts.data!.projects.totalCount,
    );
    expect(Number((await figure('municipalities')).replace(/\s/g, ''))).toBe(
      counts.data!.municipalities.totalCount,
    );
    expect(Number((await figure('nodes')).replace(/\s/g, ''))).toBe(network.nodes.length);
    // Figures from the dashboard aggregates (dashboard.participation, dashboard.grants).
    const dash = await app.gql<{
      dashboard: {
        participation: { municipalities: number };
        grants: { knownTotalEur: number | null; unknown: number };
      };
    }>('{ dashboard { participation { municipalities } grants { knownTotalEur unknown } } }');
    const asNumber = (text: string) => Number(text.replace(/\s/g, '').replace(',', '.'));
    expect(asNumber(await figure('participating-municipalities'))).toBe(
      dash.data!.dashboard.participation.municipalities,
    );
    expect(asNumber(await figure('grants-unknown'))).toBe(dash.data!.dashboard.grants.unknown);
    const knownEur = dash.data!.dashboard.grants.knownTotalEur;
    expect(knownEur).not.toBeNull();
    expect(asNumber(await figure('grants-known-eur'))).toBe(knownEur);

    // The project list: the first page of the projects query, a "show more" for the rest.
    await page.locator('#projects li.project').first().waitFor();
    const shown = await page.locator('#projects li.project').count();
    expect(shown).toBe(Math.min(20, counts.data!.projects.totalCount));
    if (counts.data!.projects.totalCount > 20) {
      await page.click('#projects-more');
      await page.waitForFunction(
        (n) => document.querySelectorAll('#projects li.project').length > n,
        shown,
      );
      expect(await page.locator('#projects li.project').count()).toBe(
        Math.min(40, counts.data!.projects.totalCount),
      );
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a municipality’s projects, partners and partners of partners when its node is clicked', async () => {
    const { page, errors } = await open();
    // The layout keeps refining in a worker for a few seconds after the page is interactive;
    // wait until the drawing stands still, so the node is still where it is clicked.
    const positions = () =>
      page.evaluate(() =>
        JSON.stringify(
          window.__kuntaverkko.nodeIds().map((id) => window.__kuntaverkko.nodePosition(id)),
        ),
      );
    for (let last = '', guard = 0; guard < 40; guard++) {
      const now = await positions();
      if (now === last) break;
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // The municipality with partners that stands furthest from any other node on screen,
    // so the click cannot land on a neighbour.
    const target = await page.evaluate(() => {
      const kv = window.__kuntaverkko;
      const points = kv.nodeIds().map((id) => ({ id, p: kv.nodePosition(id)! }));
      let best: { id: string; x: number; y: number; gap: number } | null = null;
      for (const a of points) {
        if (!a.id || kv.neighbours(a.id).length === 0) continue;
        let gap = Infinity;
        for (const b of points)
          if (b.id !== a.id) gap = Math.min(gap, Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y));
        if (!best || gap > best.gap) best = { id: a.id, x: a.p.x, y: a.p.y, gap };
      }
      return best;
    });
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    await page.locator(`#panel[data-id="${target!.id}"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('#org-select').inputValue()).toBe(target!.id);

    const api = await app.gql(
      `query ($id: ID!) {
        partnersOfPartners(organisation: $id, maxDepth: 2, first: 100, examplePaths: 0) {
          edges { node { distance organisation { id } } } }
        recommendedPartners(organisation: $id, first: 10) { organisation { id } }
        node(id: $id) { ... on Organisation { participationCount } }
      }`,
      { id: target!.id },
    );
    const reach = api.data!.partnersOfPartners.edges.map((e: any) => e.node);
    const idsIn = (section: string) =>
      page
        .locator(`#panel [data-section="${section}"] li button`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const partners = reach.filter((r: any) => r.distance === 1).map((r: any) => r.organisation.id);
    expect(partners.length).toBeGreaterThan(0);
    expect(new Set(await idsIn('partners'))).toEqual(new Set(partners));
    // The drawn edges say the same as the API.
    const neighbours = await page.evaluate((id) => window.__kuntaverkko.neighbours(id), target!.id);
    expect(new Set(neighbours)).toEqual(new Set(partners));
    expect(new Set(await idsIn('partnersOfPartners'))).toEqual(
      new Set(reach.filter((r: any) => r.distance === 2).map((r: any) => r.organisation.id)),
    );
    expect(await idsIn('recommendations')).toEqual(
      api.data!.recommendedPartners.map((r: any) => r.organisation.id),
    );
    expect(await page.locator('#panel [data-section="orgProjects"] li').count()).toBe(
      api.data!.node.participationCount,
    );

    // A partner in the panel is a button: choosing it moves the panel there (keyboard users).
    const first = page.locator(`#panel [data-section="partners"] li button`).first();
    const next = (await first.getAttribute('data-id'))!;
    await first.focus();
    await page.keyboard.press('Enter');
    await page.locator(`#panel[data-id="${next}"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('#org-select').inputValue()).toBe(next);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-page.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches the labels between Finnish, Swedish and English without a reload and keeps the choice', async () => {
    const { page, errors } = await open();
    const bilingual = network.nodes.find(
      (n) => n.organisation.nameSv && n.organisation.nameSv !== n.organisation.nameFi,
    )!.organisation;
    const state = () =>
      page.evaluate((id) => {
        const labels = [...document.querySelectorAll('[data-i18n]')].map((e) => e.textContent);
        return {
          lang: document.documentElement.lang,
          heading: document.querySelector('h1')!.textContent,
          labels: labels.join('|'),
          node: window.__kuntaverkko.labelOf(id),
          url: location.search,
          interactive: window.__kuntaverkko.interactive,
        };
      }, bilingual.id);

    const fi = await state();
    expect(fi.lang).toBe('fi');
    expect(fi.heading).toBe('Kuntien yhteistyöverkosto');
    expect(fi.node).toBe(bilingual.nameFi);

    await page.click('button[data-lang="sv"]');
    const sv = await state();
    expect(sv.lang).toBe('sv');
    expect(sv.heading).toBe('Kommunernas samarbetsnätverk');
    expect(sv.node).toBe(bilingual.nameSv);
    expect(sv.labels).not.toBe(fi.labels);
    expect(sv.url).toContain('lang=sv');
    expect(sv.interactive).toBe(true); // the same page: no reload happened
    expect(await page.getAttribute('button[data-lang="sv"]', 'aria-pressed')).toBe('true');

    await page.click('button[data-lang="en"]');
    const en = await state();
    expect(en.lang).toBe('en');
    expect(en.heading).toBe('Collaboration network of municipalities');
    expect(en.labels).not.toBe(sv.labels);
    expect(en.labels).not.toBe(fi.labels);

    // The choice is remembered: the bare address opens in English again.
    await page.goto(app.baseUrl + '/');
    await page.waitForFunction(() => window.__kuntaverkko?.interactive === true, null, {
      timeout: 60_000,
    });
    expect((await state()).lang).toBe('en');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('redraws the network and the list for a topic, and shows an API error with its code', async () => {
    const { page } = await open();
    const topics = (
      await app.gql('{ topics(first: 100) { edges { node { slug projectCount } } } }')
    ).data!.topics.edges.map((e: any) => e.node);
    // The busiest topic, so that the network and the list both change.
    const topic = topics.sort((a: any, b: any) => b.projectCount - a.projectCount)[0]
      .slug as string;
    const expected = await app.gql(
      `query ($topic: String!) { network(topic: $topic, maxNodes: 5000) { nodes { degree } }
        projects(filter: { topic: $topic }) { totalCount } }`,
      { topic },
    );
    await page.waitForFunction(
      (slug) =>
        [...document.querySelectorAll('#filter-topic option')].some(
          (o) => (o as { value: string }).value === slug,
        ),
      topic,
    );
    await page.selectOption('#filter-topic', topic);
    await page.waitForFunction(
      (n) => window.__kuntaverkko.nodeCount === n,
      expected.data!.network.nodes.length,
    );
    await page.waitForFunction(
      (n) => document.querySelector('#projects-count')?.textContent?.includes(String(n)),
      expected.data!.projects.totalCount,
    );

    // The API's own error, with its code, reaches the user.
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('query Network')) return route.continue();
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          data: null,
          errors: [{ message: 'statement timeout', extensions: { code: 'TIMEOUT' } }],
        }),
      });
    });
    await page.selectOption('#filter-topic', '');
    await page.locator('#errors li[data-code="TIMEOUT"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#errors li').first().innerText()).toContain('TIMEOUT');
    await page.close();
  });

  it('the network query takes explicit null filters as "any"', async () => {
    const res = await app.gql(
      `query ($p: String, $t: String, $r: String) {
        network(programme: $p, topic: $t, region: $r, maxNodes: 5000) { nodes { degree } } }`,
      { p: null, t: null, r: null },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.network.nodes.length).toBe(network.nodes.length);
  });

  it('the compact edge list the page draws from names the same edges as the edge objects', async () => {
    const res = await app.gql(`{ network(maxNodes: 5000) {
      nodes { organisation { id } } edges { weight source { id } target { id } } edgeEnds edgeWeights } }`);
    expect(res.errors).toBeUndefined();
    const { nodes, edges, edgeEnds, edgeWeights } = res.data!.network;
    expect(edgeEnds).toHaveLength(2 * edges.length);
    expect(edgeWeights).toEqual(edges.map((e: any) => e.weight));
    expect(
      edges.map((_: unknown, i: number) => [
        nodes[edgeEnds[2 * i]].organisation.id,
        nodes[edgeEnds[2 * i + 1]].organisation.id,
      ]),
    ).toEqual(edges.map((e: any) => [e.source.id, e.target.id]));
  });
});
