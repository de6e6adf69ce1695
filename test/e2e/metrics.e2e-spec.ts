import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@ledger/event-sourcing';
import { issueToken } from '@ledger/platform';
import { newDataDir, removeDataDir, type RunningApi, startApi, waitUntilCaughtUp } from './support/api-process';
import { anOpportunity, client } from './support/http';

const METRICS_TOKEN = 'scraper-'.padEnd(40, 'x');

/** The value of one sample of Prometheus' text format, its labels written in order as the registry writes them. */
const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  const suite = {} as { api: RunningApi; dataDir: string; text: string; opportunityId: string };
  const scrape = (token: string): Promise<Response> => fetch(`${suite.api.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    suite.dataDir = newDataDir();
    suite.api = await startApi(suite.dataDir, { METRICS_TOKEN });
    await waitUntilCaughtUp(suite.api);
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const opened = await rep.post('/opportunities', anOpportunity());
    suite.opportunityId = opened.body.id as string;
    await waitUntilCaughtUp(suite.api);
    await rep.get(`/opportunities/${suite.opportunityId}`);
    await rep.post(`/opportunities/${suite.opportunityId}/reopen`, {});
    await waitUntilCaughtUp(suite.api);
    suite.text = await (await scrape(METRICS_TOKEN)).text();
  });
  afterAll(async () => {
    await suite.api?.stop();
    removeDataDir(suite.dataDir);
  });

  it('answers the METRICS_TOKEN with the Prometheus text format', async () => {
    const response = await scrape(METRICS_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("answers an admin's and an auditor's token", async () => {
    expect([(await scrape(suite.api.tokens.admin)).status, (await scrape(suite.api.tokens.auditor)).status]).toEqual([200, 200]);
  });

  it('refuses a scrape without a token (401) or with a rep\'s (403), as problem+json', async () => {
    const anonymous = await fetch(`${suite.api.url}/metrics`);
    const rep = await scrape(suite.api.tokens.rep);
    expect([anonymous.status, rep.status]).toEqual([401, 403]);
    expect(rep.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  describe('through the API\'s own authentication', () => {
    const tokenFor = (userId: string, role: Role): string => issueToken(readFileSync(join(suite.dataDir, 'jwt-secret'), 'utf8'), { userId, role }, 600);
    const admin = () => client(suite.api.url, suite.api.tokens.admin);
    const problemOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code });

    it("refuses an admin whose tokens were revoked in the directory (401 token-revoked)", async () => {
      expect((await admin().post('/team', { userId: 'ops-admin', name: 'Ops Admin', role: 'admin' })).status).toBe(201);
      const token = tokenFor('ops-admin', 'admin');
      expect((await scrape(token)).status).toBe(200);
      expect((await admin().post('/team/ops-admin/revoke-tokens')).status).toBe(200);
      expect(await problemOf(await scrape(token))).toEqual({ status: 401, code: 'token-revoked' });
    });

    it('refuses an auditor deactivated in the directory (403 member-inactive)', async () => {
      expect((await admin().post('/team', { userId: 'former-auditor', name: 'Former Auditor', role: 'auditor' })).status).toBe(201);
      const token = tokenFor('former-auditor', 'auditor');
      expect((await admin().post('/team/former-auditor/deactivate', { reason: 'Engagement ended' })).status).toBe(200);
      expect(await problemOf(await scrape(token))).toEqual({ status: 403, code: 'member-inactive' });
    });

    it('answers an auditor API key, and refuses an analyst one (403)', async () => {
      const auditorKey = await admin().post('/api-keys', { name: 'Prometheus', roles: ['auditor'] });
      const analystKey = await admin().post('/api-keys', { name: 'Reports feed', roles: ['analyst'] });
      const scrapeWith = (header: string) => fetch(`${suite.api.url}/metrics`, { headers: { authorization: header } });
      expect([(await scrapeWith(auditorKey.body.header as string)).status, (await scrapeWith(analystKey.body.header as string)).status]).toEqual([200, 403]);
    });
  });

  it('times requests by route pattern, never by raw URL', () => {
    expect(sample(suite.text, 'http_request_duration_seconds_count{method="POST",route="/opportunities",status_code="201"}')).toBe(1);
    expect(sample(suite.text, 'http_request_duration_seconds_count{method="GET",route="/opportunities/:id",status_code="200"}')).toBe(1);
    expect(sample(suite.text, 'http_request_duration_seconds_sum{method="POST",route="/opportunities",status_code="201"}')).toBeGreaterThan(0);
    expect(suite.text).not.toContain(suite.opportunityId);
  });

  it('counts command outcomes by aggregate and result: appended, and a refusal by its code', () => {
    expect(sample(suite.text, 'ledger_commands_total{aggregate="opportunity",result="appended"}')).toBeGreaterThanOrEqual(1);
    expect(sample(suite.text, 'ledger_commands_total{aggregate="opportunity",result="only-lost-can-be-reopened"}')).toBe(1);
  });

  it('times event-store appends', () => {
    expect(sample(suite.text, 'ledger_event_store_append_seconds_count{aggregate="opportunity"}')).toBeGreaterThanOrEqual(1);
    expect(sample(suite.text, 'ledger_event_store_append_seconds_sum{aggregate="opportunity"}')).toBeGreaterThan(0);
    expect(sample(suite.text, 'ledger_event_store_append_seconds_sum{aggregate="opportunity"}')).toBeLessThan(5);
  });

  it("shows each projection's lag and parked events", () => {
    expect(sample(suite.text, 'ledger_projection_lag_events{projection="opportunity-views"}')).toBe(0);
    expect(sample(suite.text, 'ledger_projection_lag_seconds{projection="opportunity-views"}')).toBe(0);
    expect(sample(suite.text, 'ledger_projection_parked_events{projection="opportunity-views"}')).toBe(0);
  });

  it("has the process' own metrics (event-loop lag, memory)", () => {
    expect(sample(suite.text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(suite.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
