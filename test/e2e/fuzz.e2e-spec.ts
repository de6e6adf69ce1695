import Database from 'better-sqlite3';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { anOpportunity, client } from './support/http';
import { newDataDir, removeDataDir, ROOT, type RunningApi, SALESCTL, startApi, waitUntilCaughtUp } from './support/api-process';
import { type FuzzRequest, fuzzRequests, type KnownIds, type OpenApiDocument, operationsOf } from './support/openapi-requests';

/**
 * Schema-driven fuzzing of every operation of /docs/openapi.json: bodies, headers, query strings and
 * path parameters, generated from the document and against it (see support/openapi-requests.ts),
 * sent one at a time to the built API: 2,000 in CI, 50,000 with SOAK=1 (`npm run test:soak`), or
 * FUZZ_REQUESTS. FUZZ_SEED replays a run (each run prints its seed; CI uses seed 13).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? (process.env.SOAK ? 50_000 : 2000));
/** CI replays one seed, so that its verdict does not change from run to run; a soak run explores a new one. */
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.SOAK ? Date.now() % 2 ** 31 : 13));

type Outcome = {
  sent: number;
  operations: Set<string>;
  statuses: Map<number, number>;
  serverErrors: string[];
  notProblems: string[];
  appendedOnRefusal: string[];
  transportErrors: string[];
  /** Refusals because a fuzzed directory command (revoke tokens, deactivate, change role) hit the fuzz's own users, by code. */
  directoryRefusals: Map<string, number>;
  /** How often the fuzz gave one of its users back their standing (a new token, reactivated, their role). */
  restored: number;
};

/** The directory's refusals of a valid token: the fuzz revoked, deactivated or re-roled one of its own users. */
const DIRECTORY_REFUSALS = ['token-revoked', 'member-inactive', 'role-not-granted'];

/**
 * The tokens the requests are sent with, kept usable. Requests are generated up front with the
 * banner's tokens; the fuzz also sends `POST /team/{userId}/revoke-tokens`, `/deactivate` and `/role`
 * for its own users, after which every request with their token would be refused and test nothing.
 * On such a refusal the user gets their standing back as an admin would give it (reactivated, their
 * role back) and, for a revocation, a new token minted by `salesctl token`; later requests carry it.
 */
class FuzzTokens {
  private readonly current = new Map<string, string>();

  constructor(
    private readonly api: RunningApi,
    private readonly dataDir: string,
  ) {}

  /** The request as it is sent: with the token that now stands for the one it was generated with. */
  authorize(request: FuzzRequest): FuzzRequest {
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    const renewed = token === undefined ? undefined : this.current.get(token);
    return renewed === undefined ? request : { ...request, headers: { ...request.headers, authorization: `Bearer ${renewed}` } };
  }

  private tokenFor(original: string): string {
    return this.current.get(original) ?? original;
  }

  /** After a directory refusal of one of the banner's tokens: reactivate, restore the role and, if revoked, mint a new token. */
  async restore(request: FuzzRequest, code: string): Promise<boolean> {
    const original = request.headers.authorization?.replace(/^Bearer /, '');
    if (original === undefined || !Object.values(this.api.tokens).includes(original)) return false;
    const { sub: userId, role } = JSON.parse(Buffer.from(original.split('.')[1], 'base64url').toString()) as { sub: string; role: string };
    const admin = client(this.api.url, this.tokenFor(this.api.tokens.admin));
    await admin.post(`/team/${encodeURIComponent(userId)}/reactivate`);
    await admin.post(`/team/${encodeURIComponent(userId)}/role`, { role });
    if (code === 'token-revoked') {
      // A revocation refuses tokens issued up to its second (`iat` counts whole seconds): mint in the next one.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
      const minted = execFileSync(process.execPath, [SALESCTL, 'token', '--role', role, '--user', userId], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: this.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' },
      });
      this.current.set(original, minted.toString().trim());
    }
    return true;
  }
}

/** Records of every kind, so that path parameters and body fields can name ones that exist. */
async function recordsOf(api: RunningApi): Promise<KnownIds> {
  const rep = client(api.url, api.tokens.rep);
  const manager = client(api.url, api.tokens.manager);
  const admin = client(api.url, api.tokens.admin);
  const opportunity = (await rep.post('/opportunities', anOpportunity())).body.id as string;
  const lost = (await rep.post('/opportunities', anOpportunity({ title: 'Lost deal' }))).body.id as string;
  await rep.post(`/opportunities/${lost}/lost`, { reason: 'price' });
  const account = (await rep.post('/accounts', { name: 'Fuzz Industries' })).body.id as string;
  const contact = (await rep.post(`/accounts/${account}/contacts`, { fullName: 'Ada Fuzz', email: 'ada@example.com' })).body.id as string;
  const quote = (await rep.post('/quotes', { opportunityId: opportunity, validUntil: '2099-12-31' })).body.id as string;
  const line = (await rep.post(`/quotes/${quote}/lines`, { productCode: 'GTX-PRO', quantity: 2 })).body.lineId as string;
  const accepted = (await rep.post('/quotes', { opportunityId: opportunity, validUntil: '2099-12-31' })).body.id as string;
  await rep.post(`/quotes/${accepted}/lines`, { productCode: 'GTX-BASIC', quantity: 1 });
  await rep.post(`/quotes/${accepted}/submit`);
  await rep.post(`/quotes/${accepted}/send`);
  await rep.post(`/quotes/${accepted}/accept`);
  const task = (await rep.post('/tasks', { title: 'Call back', dueDate: '2099-01-10', opportunityId: opportunity })).body.id as string;
  const activity = (await rep.post('/activities', { kind: 'note', occurredAt: '2026-01-05T10:00:00Z', subject: 'Met', opportunityId: opportunity })).body.id as string;
  const target = (await manager.post('/targets', { scope: 'agent', subjectId: 'anna-snelling', period: '2027-Q1', amount: { amountMinor: 100_000, currency: 'USD' } })).body.id as string;
  await waitUntilCaughtUp(api);
  const orders = (await admin.get(`/orders?quoteId=${accepted}`)).body.items as Array<{ id: string; lines: Array<{ lineId: string }> }>;
  const team = (await admin.get('/team?limit=200')).body.items as Array<{ userId: string }>;
  const products = (await admin.get('/products')).body.items as Array<{ code: string }>;
  return {
    opportunity: [opportunity, lost],
    account: [account],
    contact: [contact],
    quote: [quote, accepted],
    line: [line, ...orders.flatMap((order) => order.lines.map((orderLine) => orderLine.lineId))],
    order: orders.map((order) => order.id),
    task: [task],
    activity: [activity],
    target: [target].filter(Boolean),
    user: team.map((member) => member.userId),
    product: products.map((product) => product.code),
    stream: [`opportunity-${opportunity}`, `account-${account}`, `quote-${quote}`, 'member-anna-snelling', '$all', 'nope'],
  };
}

const describeRequest = (request: FuzzRequest, status: number | string, tokens: Record<string, string>): string => {
  const role = Object.entries(tokens).find(([, token]) => request.headers.authorization === `Bearer ${token}`)?.[0];
  const headers = { ...request.headers, ...(role ? { authorization: `<${role} token>` } : {}) };
  return `${status} ${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(headers)} ${(request.body ?? '').slice(0, 300)}`;
};

/** Sends the requests one at a time and records what each answer says, and what the log gained meanwhile. */
async function fuzz(api: RunningApi, dataDir: string, requests: FuzzRequest[]): Promise<Outcome> {
  const log = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  const head = log.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
  const appendedSince = log.prepare<[number], { metadata: string }>('SELECT metadata FROM events WHERE position > ?');
  const tokens = new FuzzTokens(api, dataDir);
  const outcome: Outcome = {
    sent: 0,
    operations: new Set(),
    statuses: new Map(),
    serverErrors: [],
    notProblems: [],
    appendedOnRefusal: [],
    transportErrors: [],
    directoryRefusals: new Map(),
    restored: 0,
  };
  for (const generated of requests) {
    const request = tokens.authorize(generated);
    const before = head.get()!.head ?? 0;
    let status: number;
    let contentType: string;
    let text: string;
    try {
      const response = await fetch(`${api.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(15_000) });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      text = await response.text();
    } catch (error) {
      outcome.transportErrors.push(describeRequest(generated, String(error), api.tokens));
      continue;
    }
    outcome.sent += 1;
    outcome.operations.add(request.operation);
    outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);
    if (status >= 500) outcome.serverErrors.push(`${describeRequest(generated, status, api.tokens)} → ${text.slice(0, 200)}`);
    if (status >= 400) {
      const body = /^application\/problem\+json/.test(contentType) ? (JSON.parse(text) as { code?: unknown; status?: unknown }) : {};
      if (typeof body.code !== 'string' || body.status !== status) outcome.notProblems.push(`${describeRequest(generated, status, api.tokens)} → ${contentType} ${text.slice(0, 200)}`);
      // Process managers may still be acting on an earlier, accepted command; nothing may be appended on a user's behalf.
      const appended = appendedSince.all(before).filter((row) => (JSON.parse(row.metadata) as { actor: { role: string } }).actor.role !== 'system');
      if (appended.length > 0) outcome.appendedOnRefusal.push(`${describeRequest(generated, status, api.tokens)} → ${appended.length} events`);
      if (typeof body.code === 'string' && DIRECTORY_REFUSALS.includes(body.code)) {
        outcome.directoryRefusals.set(body.code, (outcome.directoryRefusals.get(body.code) ?? 0) + 1);
        if (await tokens.restore(generated, body.code)) outcome.restored += 1;
      }
    }
  }
  log.close();
  return outcome;
}

describe(`fuzzing every operation of the OpenAPI document (${REQUESTS} requests, seed ${SEED})`, () => {
  let dataDir: string;
  let api: RunningApi;
  let document: OpenApiDocument;
  let outcome: Outcome;

  beforeAll(async () => {
    dataDir = newDataDir();
    api = await startApi(dataDir, { QUOTE_EXPIRY_INTERVAL_SECONDS: '0' });
    await waitUntilCaughtUp(api);
    document = (await client(api.url, undefined).get('/docs/openapi.json')).body as unknown as OpenApiDocument;
    const requests = fc.sample(fuzzRequests(document, await recordsOf(api), api.tokens), { numRuns: REQUESTS, seed: SEED });
    const started = Date.now();
    outcome = await fuzz(api, dataDir, requests);
    console.log(
      `fuzz: ${outcome.sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...outcome.statuses].sort(([a], [b]) => a - b)))}; ` +
        `5xx: ${outcome.serverErrors.length}, not problem+json: ${outcome.notProblems.length}, appended on a refusal: ${outcome.appendedOnRefusal.length}; ` +
        `401 share ${(((outcome.statuses.get(401) ?? 0) / Math.max(1, outcome.sent)) * 100).toFixed(1)} %; ` +
        `refused by the directory ${JSON.stringify(Object.fromEntries(outcome.directoryRefusals))}, standing restored ${outcome.restored} times`,
    );
  }, 120_000 + REQUESTS * 100);

  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  it('sends every request and reaches every operation of the document', () => {
    expect({ sent: outcome.sent, transportErrors: outcome.transportErrors.slice(0, 20) }).toEqual({ sent: REQUESTS, transportErrors: [] });
    expect(operationsOf(document).map((operation) => operation.name).filter((name) => !outcome.operations.has(name))).toEqual([]);
  });

  it('never answers with a 5xx', () => {
    expect(outcome.serverErrors.slice(0, 30)).toEqual([]);
  });

  it('answers every 4xx as problem+json with a stable code and its status', () => {
    expect(outcome.notProblems.slice(0, 30)).toEqual([]);
  });

  it('appends nothing to the log for a request it refuses', () => {
    expect(outcome.appendedOnRefusal.slice(0, 30)).toEqual([]);
  });
});
