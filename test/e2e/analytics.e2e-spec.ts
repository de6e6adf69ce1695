import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { client } from './support/http';
import { ROOT, SALESCTL, newDataDir, removeDataDir, type RunningApi, startApi } from './support/api-process';

/**
 * The data set read here without any of the product's code: plain splitting (the files hold no
 * quoted fields) and the two cleanings the import report announces (GTXPro is GTX Pro, technolgy
 * is technology). Every figure below is computed from these rows, independently of the importer,
 * the projections and the cubes.
 */
const FOLDER = join(ROOT, 'seed/crm-sales');
const rowsOf = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(FOLDER, file), 'utf8').trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
};
const idOf = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const isoDate = (mdy: string): string => {
  const [m, d, y] = mdy.split('/').map(Number);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
const days = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 86_400_000;

const teams = rowsOf('sales_teams.csv');
const accounts = rowsOf('accounts.csv');
const deals = rowsOf('sales_pipeline.csv').map((row) => ({
  agent: idOf(row.sales_agent),
  product: idOf(row.product === 'GTXPro' ? 'GTX Pro' : row.product).toUpperCase(),
  account: row.account,
  stage: row.deal_stage,
  engaged: row.engage_date ? isoDate(row.engage_date) : null,
  closed: row.close_date ? isoDate(row.close_date) : null,
  valueMinor: Number(row.close_value || 0) * 100,
}));
const won = deals.filter((deal) => deal.stage === 'Won');
const lost = deals.filter((deal) => deal.stage === 'Lost');
const managerOf = new Map(teams.map((row) => [idOf(row.sales_agent), idOf(row.manager)]));
const regionOf = new Map(teams.map((row) => [idOf(row.sales_agent), row.regional_office]));
const sectorOf = new Map(accounts.map((row) => [row.account, row.sector === 'technolgy' ? 'technology' : row.sector]));

/** Won revenue (minor units) per key, as the test computes it. */
const revenueBy = (key: (deal: (typeof won)[number]) => string): Record<string, number> =>
  won.reduce<Record<string, number>>((sums, deal) => ({ ...sums, [key(deal)]: (sums[key(deal)] ?? 0) + deal.valueMinor }), {});
const quarterOf = (date: string): string => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
const nearestRankMedian = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1];

type Row = { key: string; label: string; wonAmountMinor: number; currency: string; won: number; lost: number; winRate: number };
const revenueRows = (rows: Row[]): Record<string, number> => Object.fromEntries(rows.map((row) => [row.key, row.wonAmountMinor]));

async function waitUntilReady(api: RunningApi): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 600; i += 1) {
    const status = (await fetch(`${api.url}/health/ready`)).status;
    statuses.push(status);
    if (status === 200) return statuses;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready: ${api.output().slice(-2000)}`);
}

describe('A new user starts the API on an empty data folder: the CRM data set is imported and every report agrees with the CSV files', () => {
  let dataDir: string;
  let api: RunningApi;
  let readiness: number[];
  const analyst = () => client(api.url, api.tokens.analyst);

  beforeAll(async () => {
    dataDir = newDataDir();
    api = await startApi(dataDir, { DEMO_DATA: 'on' });
    readiness = await waitUntilReady(api);
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  it('answers 503 on /health/ready while it imports, then 200; the printed manager and rep tokens are people of the imported team', async () => {
    expect(readiness[0]).toBe(503);
    expect(readiness.at(-1)).toBe(200);
    const me = async (token: string) => (await client(api.url, token).get('/team/me')).body as { userId: string; role: string; managerId: string | null };
    const manager = await me(api.tokens.manager);
    const rep = await me(api.tokens.rep);
    expect(manager.role).toBe('manager');
    expect(rep).toMatchObject({ role: 'rep', managerId: manager.userId });
    expect(api.output()).toContain(`the rep token ${rep.userId}'s`);
  });

  it('reports the total won revenue, the win rate and the open pipeline per stage of the files', async () => {
    const byMonth = (await analyst().get('/reports/revenue?by=month')).body.rows as Row[];
    expect(byMonth.reduce((sum, row) => sum + row.wonAmountMinor, 0)).toBe(won.reduce((sum, deal) => sum + deal.valueMinor, 0));
    expect(byMonth.reduce((sum, row) => sum + (row as unknown as { wonCount: number }).wonCount, 0)).toBe(won.length);
    const winRate = (await analyst().get('/reports/win-rate?by=region')).body.rows as Row[];
    expect(winRate.reduce((sum, row) => sum + row.won, 0)).toBe(won.length);
    expect(winRate.reduce((sum, row) => sum + row.lost, 0)).toBe(lost.length);
    const pipeline = (await analyst().get('/pipeline')).body.stages as { stage: string; count: number }[];
    expect(pipeline.find((stage) => stage.stage === 'prospecting')?.count).toBe(deals.filter((deal) => deal.stage === 'Prospecting').length);
    expect(pipeline.find((stage) => stage.stage === 'qualification')?.count).toBe(deals.filter((deal) => deal.stage === 'Engaging').length);
  });

  it.each([
    ['month', (deal: (typeof won)[number]) => deal.closed!.slice(0, 7)],
    ['quarter', (deal: (typeof won)[number]) => quarterOf(deal.closed!)],
    ['agent', (deal: (typeof won)[number]) => deal.agent],
    ['manager', (deal: (typeof won)[number]) => managerOf.get(deal.agent)!],
    ['region', (deal: (typeof won)[number]) => regionOf.get(deal.agent)!],
    ['product', (deal: (typeof won)[number]) => deal.product],
    ['sector', (deal: (typeof won)[number]) => sectorOf.get(deal.account)!],
  ])('reports revenue by %s as the files add it up', async (by, key) => {
    const answer = await analyst().get(`/reports/revenue?by=${by}`);
    expect(answer.status).toBe(200);
    expect(revenueRows(answer.body.rows as Row[])).toEqual(revenueBy(key));
  });

  it('reports the win rate of each agent and the median sales cycle of won deals as the files give them', async () => {
    const rows = (await analyst().get('/reports/win-rate?by=agent')).body.rows as Row[];
    const darcel = rows.find((row) => row.key === 'darcel-schlecht')!;
    const wonByDarcel = won.filter((deal) => deal.agent === 'darcel-schlecht').length;
    const lostByDarcel = lost.filter((deal) => deal.agent === 'darcel-schlecht').length;
    expect(darcel).toMatchObject({ label: 'Darcel Schlecht', won: wonByDarcel, lost: lostByDarcel, winRate: Math.round((wonByDarcel / (wonByDarcel + lostByDarcel)) * 10_000) / 10_000 });
    const cycle = (await analyst().get('/reports/sales-cycle?by=quarter&from=2017-01-01&to=2017-12-31')).body.rows as { key: string; wonMedianDays: number }[];
    for (const quarter of cycle) {
      const inQuarter = won.filter((deal) => quarterOf(deal.closed!) === quarter.key).map((deal) => days(deal.engaged!, deal.closed!));
      expect(quarter.wonMedianDays).toBe(nearestRankMedian(inQuarter));
    }
  });

  it('filters by business dates within a month and by manager, as the files do', async () => {
    const summer = won.filter((deal) => managerOf.get(deal.agent) === 'summer-sewald' && deal.closed! >= '2017-03-15' && deal.closed! <= '2017-08-10');
    const rows = (await analyst().get('/reports/revenue?by=agent&manager=summer-sewald&from=2017-03-15&to=2017-08-10')).body.rows as Row[];
    expect(rows.reduce((sum, row) => sum + row.wonAmountMinor, 0)).toBe(summer.reduce((sum, deal) => sum + deal.valueMinor, 0));
    expect(rows.every((row) => managerOf.get(row.key) === 'summer-sewald')).toBe(true);
  });

  it('streams any report as CSV with a header row', async () => {
    const response = await fetch(`${api.url}/reports/revenue?by=quarter`, { headers: { authorization: `Bearer ${api.tokens.analyst}`, accept: 'text/csv' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('key,label,currency,wonCount,wonAmountMinor');
    expect(lines).toHaveLength(1 + 4);
    const sameAsParameter = await fetch(`${api.url}/reports/funnel?format=csv`, { headers: { authorization: `Bearer ${api.tokens.analyst}` } });
    expect((await sameAsParameter.text()).split('\r\n')[0]).toBe('key,label,reached,conversionToNext,medianDaysInStage');
  });

  it('shows a rep their own numbers only and a manager their team, and refuses the rest', async () => {
    const me = (await client(api.url, api.tokens.rep).get('/team/me')).body as { userId: string; managerId: string };
    const own = (await client(api.url, api.tokens.rep).get('/reports/revenue?by=agent')).body.rows as Row[];
    expect(own.map((row) => row.key)).toEqual([me.userId]);
    expect((await client(api.url, api.tokens.rep).get('/reports/revenue?by=agent&agent=darcel-schlecht')).body.code).toBe(me.userId === 'darcel-schlecht' ? undefined : 'own-numbers-only');
    expect((await client(api.url, api.tokens.rep).get('/reports/win-rate?manager=summer-sewald')).status).toBe(403);
    const team = (await client(api.url, api.tokens.manager).get('/reports/revenue?by=manager')).body.rows as Row[];
    expect(team.map((row) => row.key)).toEqual([me.managerId]);
    const outside = await client(api.url, api.tokens.manager).get(`/reports/revenue?agent=${[...managerOf].find(([, m]) => m !== me.managerId)![0]}`);
    expect([outside.status, outside.body.code]).toEqual([403, 'outside-your-team']);
    expect((await analyst().get('/reports/revenue?agent=nobody-here')).body.code).toBe('team-member-not-found');
    expect((await analyst().get('/reports/revenue?from=2017-12&to=2017-01')).body.code).toBe('invalid-period');
    expect((await analyst().get('/reports/revenue?by=galaxy')).status).toBe(400);
  });

  it('reports attainment against the demo targets, segments of the accounts, and the funnel', async () => {
    const attainment = (await analyst().get('/reports/attainment?period=2017-Q3')).body.rows as { kind: string; key: string; targetMinor: number | null; wonMinor: number; attainment: number | null }[];
    const darcel = attainment.find((row) => row.kind === 'agent' && row.key === 'darcel-schlecht')!;
    const wonQ3 = won.filter((deal) => deal.agent === 'darcel-schlecht' && quarterOf(deal.closed!) === '2017-Q3').reduce((sum, deal) => sum + deal.valueMinor, 0);
    expect(darcel.wonMinor).toBe(wonQ3);
    expect(darcel.targetMinor).toBeGreaterThan(0);
    expect(darcel.attainment).toBeCloseTo(wonQ3 / darcel.targetMinor!, 3);
    expect(attainment.filter((row) => row.kind === 'team')).toHaveLength(6);

    const segments = (await analyst().get('/reports/segments?k=4&seed=1')).body as { segmentation: { k: number; segments: { size: number }[] }; rows: unknown[] };
    expect(segments.segmentation.k).toBe(4);
    expect(segments.segmentation.segments.reduce((sum, segment) => sum + segment.size, 0)).toBe(accounts.length);
    expect((await analyst().get('/reports/segments?k=4&seed=1')).body).toEqual(segments);

    const funnel = (await analyst().get('/reports/funnel')).body.rows as { key: string; reached: number }[];
    expect(funnel.find((row) => row.key === 'prospecting')?.reached).toBe(deals.length);
    expect(funnel.find((row) => row.key === 'won')?.reached).toBe(won.length);
  });

  it('imports nothing again on the next start: the log does not grow', async () => {
    const head = async () => (await client(api.url, api.tokens.admin).get('/projections')).body.head;
    const before = await head();
    await api.stop();
    api = await startApi(dataDir, { DEMO_DATA: 'on' });
    await waitUntilReady(api);
    expect(await head()).toBe(before);
  }, 120_000);
});

describe('salesctl import crm-sales', () => {
  it('imports the folder with a progress bar and a final line, names every cleaned row, and appends nothing the second time', () => {
    const dataDir = newDataDir();
    try {
      const env = { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '' };
      const report = join(dataDir, 'report.json');
      /** What a user sees: the progress bar (on stderr) and the summary (on stdout). */
      const run = () => {
        const result = spawnSync(process.execPath, [SALESCTL, 'import', 'crm-sales', FOLDER, '--report', report], { cwd: ROOT, env });
        expect(result.status).toBe(0);
        return `${result.stderr.toString()}${result.stdout.toString()}`;
      };
      const first = run();
      expect(first).toMatch(/import \[.*\] 100% \| opportunities 8800\/8800/);
      expect(first).toMatch(/8800 rows, 15647 events in [\d.]+ s \(\d+ events\/s\)/);
      expect(first).toContain('sales_pipeline.csv product-name-variant (product "GTXPro"): 1480 row(s)');
      const written = JSON.parse(readFileSync(report, 'utf8')) as { issues: { rule: string; lines: number[] }[] };
      expect(written.issues.find((group) => group.rule === 'sector-misspelt')?.lines).toHaveLength(12);
      expect(run()).toMatch(/8800 rows, 0 events in/);
    } finally {
      removeDataDir(dataDir);
    }
  }, 120_000);
});

describe('POST /imports', () => {
  let dataDir: string;
  let api: RunningApi;
  beforeAll(async () => {
    dataDir = newDataDir();
    api = await startApi(dataDir);
  });
  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  const upload = (token: string, files: string[]) => {
    const form = new FormData();
    for (const file of files) form.append(file.replace(/\.csv$/, ''), new Blob([readFileSync(join(FOLDER, file))], { type: 'text/csv' }), file);
    return fetch(`${api.url}/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const ALL = ['products.csv', 'accounts.csv', 'sales_teams.csv', 'sales_pipeline.csv'];

  it('takes the four files from an admin, answers 202 with the import id, and reports progress, then the report', async () => {
    const answer = await upload(api.tokens.admin, ALL);
    expect(answer.status).toBe(202);
    const { id } = (await answer.json()) as { id: string };
    expect(answer.headers.get('location')).toBe(`/imports/${id}`);
    let status: { status: string; recorded?: { counts: { opportunities: { made: number } }; issues: { lines: number[] }[] } } = { status: 'running' };
    for (let i = 0; i < 400 && status.status === 'running'; i += 1) {
      status = (await client(api.url, api.tokens.admin).get(`/imports/${id}`)).body as typeof status;
      if (status.status === 'running') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status.status).toBe('completed');
    expect(status.recorded?.counts.opportunities.made).toBe(8800);
    const csv = await (await fetch(`${api.url}/imports/${id}?format=csv`, { headers: { authorization: `Bearer ${api.tokens.admin}` } })).text();
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 3418);
    expect(csv.split('\r\n')[0]).toBe('file,line,rule,field,value,problem,action');
  }, 120_000);

  it('refuses a non-admin, a missing file and a file that is not the data set', async () => {
    expect((await upload(api.tokens.analyst, ALL)).status).toBe(403);
    const missing = await upload(api.tokens.admin, ALL.slice(0, 3));
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([400, 'import-files-missing']);
    const form = new FormData();
    for (const file of ALL) form.append(file.replace(/\.csv$/, ''), new Blob([file === 'products.csv' ? 'name,price\nx,1\n' : readFileSync(join(FOLDER, file))]), file);
    const wrong = await fetch(`${api.url}/imports`, { method: 'POST', headers: { authorization: `Bearer ${api.tokens.admin}` }, body: form });
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([400, 'invalid-import-file']);
    expect((await client(api.url, api.tokens.admin).get('/imports/2f1d0000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
