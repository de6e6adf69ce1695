import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { newDataDir, removeDataDir, ROOT, type RunningApi, startApi } from './support/api-process';
import { client } from './support/http';

/** Debian's Chromium; a browser is never downloaded. CI (.ci/run) installs it and sets REQUIRE_BROWSER_TEST=1. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = join(ROOT, 'test/artifacts');
const CHART_IDS = [
  'chart-revenue-by-month',
  'chart-pipeline-by-stage',
  'chart-win-rate-by-agent',
  'chart-forecast',
  'chart-funnel',
  'chart-segments',
  'chart-attainment',
] as const;
type ChartId = (typeof CHART_IDS)[number];

/** What a chart container says it drew (its data-* attributes). */
type Drawn = { state: string | null; points: number | null; total: number | null; series: number | null; text: string };

/** The page's storage as the test reads it (this project's TypeScript has no DOM types). */
type PageStorage = { sessionStorage: { getItem: (key: string) => string | null }; localStorage: { length: number } };

/** Figures of the bundled CRM data set. */
const ALL_TIME_REVENUE_MINOR = 1_000_553_400;
const REVENUE_MONTHS = 10;
const OPENED_DEALS = 8_800;

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`${url}/health/ready did not answer 200 within ${timeoutMs / 1000} s (last: ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function drawn(page: Page): Promise<Record<ChartId, Drawn>> {
  const entries = await page.$$eval('.chart', (elements) =>
    elements.map((element) => {
      const number = (name: string): number | null =>
        element.getAttribute(name) === null ? null : Number(element.getAttribute(name));
      return [
        element.id,
        {
          state: element.getAttribute('data-state'),
          points: number('data-points'),
          total: number('data-total'),
          series: number('data-series'),
          text: element.textContent ?? '',
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ChartId, Drawn>;
}

/** Presses Load (with a token typed in first, if given) and waits until every chart has settled. */
async function load(page: Page, token?: string): Promise<Record<ChartId, Drawn>> {
  // The page counts the loads it finished in <body data-load-count>; loads here run one at a time.
  const before = Number((await page.getAttribute('body', 'data-load-count')) ?? '0');
  if (token !== undefined) await page.fill('#token', token);
  await page.click('#load');
  await page.waitForSelector(`body[data-load-count="${before + 1}"]`, { state: 'attached', timeout: 60_000 });
  return drawn(page);
}

const screenshot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

if (!existsSync(CHROMIUM)) {
  describe('GET /dashboard in a browser', () => {
    it('is skipped, loudly, without Chromium (and fails when REQUIRE_BROWSER_TEST=1)', () => {
      if (process.env.REQUIRE_BROWSER_TEST === '1') {
        throw new Error(
          `REQUIRE_BROWSER_TEST=1 but Chromium is not at ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`,
        );
      }
      console.warn(
        "Dashboard browser test: SKIPPED — Chromium not found at /usr/bin/chromium; install Debian's chromium to run it",
      );
      expect(existsSync(CHROMIUM)).toBe(false);
    });
  });
} else {
  describe('GET /dashboard in a browser (headless Chromium, demo data)', () => {
    let dataDir: string;
    let api: RunningApi;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let allTime: Record<ChartId, Drawn>;
    const requests: string[] = [];
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      dataDir = newDataDir();
      api = await startApi(dataDir, { DEMO_DATA: 'on' });
      // The import of the 8,800 opportunities runs in the background after the API listens.
      await waitUntilReady(api.url, 120_000);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      // Reduced motion: the page then draws without animation, so a screenshot shows the final charts.
      context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
      page = await context.newPage();
      page.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    }, 170_000);

    afterAll(async () => {
      await browser?.close();
      await api?.stop();
      if (dataDir) removeDataDir(dataDir);
    }, 30_000);

    it('serves the page and its assets without a token, with their types, a CSP and no-cache, outside the OpenAPI document', async () => {
      const expected: Array<[string, RegExp]> = [
        ['/dashboard', /^text\/html/],
        ['/dashboard/', /^text\/html/],
        ['/dashboard/dashboard.js', /^text\/javascript/],
        ['/dashboard/dashboard.css', /^text\/css/],
        ['/dashboard/echarts.min.js', /^text\/javascript/],
      ];
      for (const [path, type] of expected) {
        const response = await fetch(`${api.url}${path}`);
        expect([path, response.status]).toEqual([path, 200]);
        expect(response.headers.get('content-type')).toMatch(type);
        expect(response.headers.get('cache-control')).toBe('no-cache');
        expect((await response.text()).length).toBeGreaterThan(500);
      }
      const csp = (await fetch(`${api.url}/dashboard`)).headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"])
        expect(csp).toContain(directive);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect((await fetch(`${api.url}/dashboard/missing.js`)).status).toBe(404);
      const openApi = await client(api.url, undefined).get('/docs/openapi.json');
      expect(
        Object.keys(openApi.body.paths as Record<string, unknown>).filter((path) => path.startsWith('/dashboard')),
      ).toEqual([]);
    });

    it('draws all seven charts with the imported numbers for an analyst, calling only the API', async () => {
      await page.goto(`${api.url}/dashboard`);
      allTime = await load(page, api.tokens.analyst);
      await screenshot(page, 'dashboard-1-analyst');

      for (const id of CHART_IDS) expect([id, allTime[id].state]).toEqual([id, 'ready']);
      expect(allTime['chart-revenue-by-month']).toMatchObject({
        total: ALL_TIME_REVENUE_MINOR,
        points: REVENUE_MONTHS,
      });
      const funnel = await client(api.url, api.tokens.analyst).get('/reports/funnel');
      const reached = (funnel.body.rows as Array<{ key: string; reached: number }>).map((row) => row.reached);
      expect(reached[0]).toBe(OPENED_DEALS);
      expect(allTime['chart-funnel']).toMatchObject({
        total: reached.reduce((a, b) => a + b, 0),
        points: reached.length,
      });
      expect(await page.textContent('[data-summary-for="chart-funnel"]')).toContain('8,800 opened');
      expect(allTime['chart-segments'].series).toBeGreaterThanOrEqual(2);
      expect(allTime['chart-segments'].points).toBeGreaterThan(0);
      expect(allTime['chart-win-rate-by-agent'].points).toBeGreaterThan(1);
      for (const id of ['chart-pipeline-by-stage', 'chart-forecast', 'chart-attainment'] as const)
        expect(allTime[id].total).toBeGreaterThan(0);
      expect(await page.textContent('[data-summary-for="chart-revenue-by-month"]')).toContain('$10,005,534.00');
      expect(await page.getAttribute('#status', 'data-kind')).toBe('ok');

      // The token stays in this tab only.
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as PageStorage).sessionStorage.getItem('salesLedger.dashboard.token'),
        ),
      ).toBe(api.tokens.analyst);
      expect(await page.evaluate(() => (globalThis as unknown as PageStorage).localStorage.length)).toBe(0);
      expect(await context.cookies()).toEqual([]);

      const origin = new URL(api.url).origin;
      expect(requests.length).toBeGreaterThan(8);
      expect(requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    }, 60_000);

    it("narrows the charts to a manager's team", async () => {
      const managers = await page.$$eval('#manager option', (options) =>
        options.map((option) => option.getAttribute('value') ?? '').filter(Boolean),
      );
      expect(managers.length).toBeGreaterThan(1);
      await page.selectOption('#manager', managers[0]);
      const filtered = await load(page);
      await screenshot(page, 'dashboard-2-manager-filter');

      for (const id of CHART_IDS) expect([id, filtered[id].state]).toEqual([id, 'ready']);
      const revenue = filtered['chart-revenue-by-month'].total ?? 0;
      expect(revenue).toBeGreaterThan(0);
      expect(revenue).toBeLessThan(ALL_TIME_REVENUE_MINOR);
      const answer = await client(api.url, api.tokens.analyst).get(`/reports/revenue?by=month&manager=${managers[0]}`);
      expect(revenue).toBe(
        (answer.body.rows as Array<{ wonAmountMinor: number }>).reduce((total, row) => total + row.wonAmountMinor, 0),
      );
      expect(filtered['chart-win-rate-by-agent'].points).toBeLessThan(allTime['chart-win-rate-by-agent'].points ?? 0);
      expect(filtered['chart-win-rate-by-agent'].points).toBeGreaterThan(0);
      expect(filtered['chart-funnel'].total).toBeLessThan(allTime['chart-funnel'].total ?? 0);
      expect(consoleErrors).toEqual([]);
    }, 60_000);

    it("shows a rep only the rep's own numbers", async () => {
      await page.selectOption('#manager', '');
      const own = await load(page, api.tokens.rep);
      await screenshot(page, 'dashboard-3-rep');

      for (const id of CHART_IDS) expect([id, own[id].state]).toEqual([id, 'ready']);
      expect(own['chart-win-rate-by-agent'].points).toBe(1);
      expect(own['chart-revenue-by-month'].total).toBeLessThan(ALL_TIME_REVENUE_MINOR);
      expect(own['chart-pipeline-by-stage'].total).toBeLessThan(allTime['chart-pipeline-by-stage'].total ?? 0);
      expect(await page.textContent('#identity')).toContain('rep');
      expect(consoleErrors).toEqual([]);
    }, 60_000);

    it('shows the 401 of an invalid token in the status line', async () => {
      const failed = await load(page, 'not-a-valid-token');
      await screenshot(page, 'dashboard-4-invalid-token');

      const status = await page.textContent('#status');
      expect(status).toContain('401');
      expect(status).toContain('Invalid token');
      expect(await page.getAttribute('#status', 'data-kind')).toBe('error');
      for (const id of CHART_IDS) expect([id, failed[id].state]).toEqual([id, 'error']);
      expect(failed['chart-revenue-by-month'].text).toContain('401 Unauthorized');
      // Chromium reports each refused fetch on the console; nothing else may appear there.
      expect(consoleErrors.filter((text) => !/status of 401/.test(text))).toEqual([]);
      const origin = new URL(api.url).origin;
      expect(requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual([]);
    }, 60_000);
  });
}
