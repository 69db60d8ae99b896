/**
 * The API explorer: a browser opening /graphql gets GraphiQL (bundled at build time, no
 * other origin), with the README's example queries as tabs, and runs them against the
 * server. Driven in Debian's Chromium (playwright-core); the server runs in production mode,
 * as `npm start` runs it, where introspection is on by default.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readmeExamples } from '../scripts/readme-examples';
import { launchChromium } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

// Runs inside the page (page.waitForFunction); the test's own program has no DOM types.
declare const document: any;

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('API explorer at /graphql', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production', RATE_LIMIT_POINTS: '0' } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('answers a browser GET with the page under a strict CSP, and clients as before', async () => {
    const res = await fetch(`${app.baseUrl}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('vary')).toMatch(/accept/i);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    const own = assets.filter((a) => a.startsWith('/assets/explorer-'));
    expect(own).toHaveLength(2);
    expect(html).not.toMatch(/<script>|<style>|https?:\/\//);
    // Script and stylesheet go gzipped to clients that accept it, plain to others.
    for (const asset of own) {
      const gz = await fetch(app.baseUrl + asset, { headers: { 'accept-encoding': 'gzip' } });
      const plain = await fetch(app.baseUrl + asset, {
        headers: { 'accept-encoding': 'identity' },
      });
      expect([gz.status, plain.status]).toEqual([200, 200]);
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(gz.headers.get('content-type')).toBe(plain.headers.get('content-type'));
      const [zipped, whole] = [gz, plain].map((r) => Number(r.headers.get('content-length')));
      expect(zipped).toBeLessThan(whole / 2);
      expect(await gz.text()).toBe(await plain.text()); // fetch unzips
    }
    // Revalidation by ETag.
    const again = await fetch(`${app.baseUrl}/graphql`, {
      headers: { accept: BROWSER_ACCEPT, 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);

    // A GraphQL GET asking for JSON is GraphQL, and a plain client's GET is still refused by
    // CSRF prevention with a GraphQL-shaped error, not answered with the page.
    const q = encodeURIComponent('{ __typename }');
    const get = await fetch(`${app.baseUrl}/graphql?query=${q}`, {
      headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': '1' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const plain = await fetch(`${app.baseUrl}/graphql?query=${q}`, { headers: { accept: '*/*' } });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  /** Opens the explorer; collects console errors (CSP violations among them) and requests. */
  async function open(): Promise<{ page: Page; errors: string[]; foreign: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(app.baseUrl) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    const schema = page.waitForResponse(
      (r) =>
        r.url() === `${app.baseUrl}/graphql` &&
        r.request().method() === 'POST' &&
        (r.request().postData() ?? '').includes('__schema'),
    );
    await page.goto(`${app.baseUrl}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    // GraphiQL reads the schema by introspection: on in production by default.
    const introspection = await schema;
    expect(introspection.status()).toBe(200);
    expect((await introspection.json()).data.__schema.queryType.name).toBe('Query');
    return { page, errors, foreign };
  }

  it('opens with the README example queries as tabs, and runs one', async () => {
    const examples = readmeExamples(README);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const { page, errors, foreign } = await open();
    try {
      const tabs = page.locator('.graphiql-tab');
      expect(await tabs.allInnerTexts()).toEqual(examples.map((e) => e.name));

      // Run the search example (its tab's query is the README's), and compare with the API.
      const index = examples.findIndex((e) => /projects\(filter: \{ search:/.test(e.query));
      expect(index).toBeGreaterThanOrEqual(0);
      await tabs.nth(index).click();
      // GraphiQL takes the operation name from the editor once the tab's query is in it.
      await page.waitForFunction(
        (name: string) =>
          document.querySelector('.graphiql-query-editor')?.textContent?.includes(name) ?? false,
        examples[index].name,
      );
      await page.waitForTimeout(300);
      const answered = page.waitForResponse(
        (r) =>
          r.request().method() === 'POST' &&
          (r.request().postData() ?? '').includes(examples[index].name),
      );
      await page.click('.graphiql-execute-button');
      const response = await answered;
      expect(response.status()).toBe(200);
      const direct = await app.gql(examples[index].query);
      expect(direct.errors).toBeUndefined();
      expect(await response.json()).toEqual({ data: direct.data });
      // The result pane shows the answer.
      const first = direct.data!.projects.edges[0].node.titleSv as string;
      await page.waitForFunction(
        (text: string) =>
          document.querySelector('.result-window')?.textContent?.includes(text) ?? false,
        first,
      );
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
