import { MongoClient } from 'mongodb';
import { newDataDir, removeDataDir, type RunningApi, startApi, waitUntilCaughtUp } from './support/api-process';

/**
 * Every list the API offers is answered from an index. The lists are not named here: they are the
 * GET routes of the OpenAPI document without a path parameter whose answer holds `items`, and each is
 * asked with every value of every query parameter the document gives (each crossed with every sort
 * it offers), then for its next page. The embedded store counts how it answered each read
 * (`ledger_read_store_finds_total` by plan); MongoDB, when MONGODB_URL is set, reports each query's
 * plan in its profiler.
 */

type Schema = { $ref?: string; type?: string; enum?: unknown[]; example?: unknown; properties?: Record<string, Schema> };
type Parameter = { name: string; in: string; schema?: Schema; example?: unknown };
type OpenApi = { paths: Record<string, { get?: { parameters?: Parameter[]; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> } }>; components: { schemas: Record<string, Schema> } };

/** Parameters that choose neither a filter nor an order. */
const NOT_QUERIES = new Set(['minPosition', 'whenBehind', 'format', 'cursor', 'limit']);

const resolve = (document: OpenApi, schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? resolve(document, document.components.schemas[schema.$ref.split('/').at(-1)!]) : schema;

/** The list routes: GET without a path parameter, answering `{ items: [...] }`. */
function listRoutes(document: OpenApi): { path: string; parameters: Parameter[] }[] {
  return Object.entries(document.paths).flatMap(([path, operations]) => {
    const get = operations.get;
    const answer = resolve(document, get?.responses['200']?.content?.['application/json']?.schema);
    if (!get || path.includes('{') || answer?.properties?.items?.type !== 'array') return [];
    return [{ path, parameters: (get.parameters ?? []).filter((parameter) => parameter.in === 'query' && !NOT_QUERIES.has(parameter.name)) }];
  });
}

/** A value for a parameter: each of its enum, its example, or the same field of a record of the list (an owner, an account). */
function valuesOf(parameter: Parameter, sample: Record<string, unknown>): string[] {
  const schema = parameter.schema ?? {};
  if (schema.enum) return schema.enum.map(String);
  const example = parameter.example ?? schema.example;
  if (example !== undefined) return [String(example)];
  const field = [parameter.name, `${parameter.name}Id`].map((name) => sample[name]).find((value) => typeof value === 'string' || typeof value === 'number');
  if (field !== undefined) return [String(field)];
  if (schema.type === 'number') return ['1000'];
  if (parameter.name.endsWith('Id')) return ['00000000-0000-4000-8000-000000000000'];
  if (schema.type === 'boolean') return ['true'];
  return /from|to/i.test(parameter.name) ? ['2017-06-30'] : ['a'];
}

/** Every query of every list: its first page with each parameter value (crossed with each sort), then the page after it. */
async function listQueries(api: RunningApi, document: OpenApi): Promise<string[]> {
  const get = async (path: string) => (await (await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.tokens.admin}` } })).json()) as { items?: Record<string, unknown>[] };
  const queries: string[] = [];
  for (const { path, parameters } of listRoutes(document)) {
    const sample = (await get(path)).items?.[0] ?? {};
    const sorts = parameters.find((parameter) => parameter.name === 'sort');
    const orders: Record<string, string>[] = sorts ? valuesOf(sorts, sample).map((sort) => ({ sort })) : [{}];
    const filters = [{}, ...parameters.filter((parameter) => parameter !== sorts).flatMap((parameter) => valuesOf(parameter, sample).map((value) => ({ [parameter.name]: value })))];
    const paged: Record<string, string> = (document.paths[path].get?.parameters ?? []).some((parameter) => parameter.name === 'limit') ? { limit: '2' } : {};
    for (const order of orders) {
      // `-amount` is already descending: `order` only turns the plain names (`amount&order=desc`).
      for (const filter of filters.filter((filter) => !('order' in filter && order.sort?.startsWith('-')))) queries.push(`${path}?${new URLSearchParams({ ...paged, ...order, ...filter })}`);
    }
  }
  return queries;
}

type Asked = { query: string; status: number; plans: Record<string, number> };

/** The embedded store's reads by collection and plan, as counted so far. */
async function readPlans(api: RunningApi): Promise<Record<string, number>> {
  const text = await (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${api.tokens.admin}` } })).text();
  return Object.fromEntries([...text.matchAll(/^ledger_read_store_finds_total\{collection="([^"]+)",plan="([^"]+)"\} (\d+)$/gm)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]));
}

/** Asks each query and its next page, with the reads each caused. */
async function ask(api: RunningApi, queries: readonly string[]): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (const query of queries) {
    for (let path: string | null = query, page = 0; path !== null && page < 2; page += 1) {
      const before = await readPlans(api);
      const answer = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.tokens.admin}` } });
      const body = (await answer.json()) as { nextCursor?: string | null };
      const after = await readPlans(api);
      const plans = Object.fromEntries(Object.entries(after).flatMap(([key, n]) => (n > (before[key] ?? 0) ? [[key, n - (before[key] ?? 0)]] : [])));
      asked.push({ query: path, status: answer.status, plans });
      path = body.nextCursor ? `${query}&cursor=${encodeURIComponent(body.nextCursor)}` : null;
    }
  }
  return asked;
}

describe('every list the API offers is answered from an index (embedded store)', () => {
  let dataDir: string;
  let api: RunningApi;
  let asked: Asked[];

  beforeAll(async () => {
    dataDir = newDataDir();
    api = await startApi(dataDir, { DEMO_DATA: 'on' });
    await waitUntilReady(api);
    await waitUntilCaughtUp(api);
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as OpenApi;
    asked = await ask(api, await listQueries(api, document));
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  it('covers the lists of every kind of record', () => {
    const paths = new Set(asked.map(({ query }) => query.split('?')[0]));
    expect([...paths].sort()).toEqual(expect.arrayContaining(['/accounts', '/activities', '/api-keys', '/approvals', '/contacts', '/opportunities', '/orders', '/products', '/quotes', '/targets', '/tasks', '/team']));
  });

  it('answers every query (so that each ran its read)', () => {
    expect(asked.filter(({ status }) => status !== 200)).toEqual([]);
  });

  it('reads no list by scanning a whole collection', () => {
    expect(asked.filter(({ plans }) => Object.keys(plans).some((key) => key.endsWith(' scan')))).toEqual([]);
  });

  it('walks the sort index of the record lists when no filter narrows them', () => {
    expect(asked.filter(({ query, plans }) => /^\/(opportunities|quotes|orders|tasks|activities|accounts|contacts|approvals|team|api-keys)\?limit=2(&sort=[^&]+)?$/.test(query) && !Object.keys(plans).some((key) => key.endsWith(' walk')))).toEqual([]);
  });
});

const mongodbUrl = process.env.MONGODB_URL;

describe('every list the API offers is answered from an index (MongoDB)', () => {
  if (!mongodbUrl) {
    it('is skipped: set MONGODB_URL to run it against a real MongoDB', () => {
      console.warn('List index plans on MongoDB: SKIPPED (MONGODB_URL is not set)');
      expect(mongodbUrl).toBeFalsy();
    });
    return;
  }
  let dataDir: string;
  let api: RunningApi;
  let client: MongoClient;
  type Profiled = { ns: string; command?: { find?: string; filter?: unknown; sort?: unknown }; planSummary?: string; hasSortStage?: boolean };
  let profiled: Profiled[];

  beforeAll(async () => {
    dataDir = newDataDir();
    client = new MongoClient(mongodbUrl);
    await client.connect();
    const db = client.db();
    await db.dropDatabase();
    api = await startApi(dataDir, { DEMO_DATA: 'on', MONGODB_URL: mongodbUrl, RUN_PROJECTIONS: 'true' });
    await waitUntilReady(api);
    await waitUntilCaughtUp(api);
    await db.command({ profile: 2 });
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as OpenApi;
    await ask(api, await listQueries(api, document));
    await db.command({ profile: 0 });
    profiled = await db.collection<Profiled>('system.profile').find({ op: 'query', 'command.find': { $exists: true } }).toArray();
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await client?.close();
    removeDataDir(dataDir);
  });

  it('scans no collection (every plan is an IXSCAN)', () => {
    expect(profiled.filter((query) => !query.planSummary?.startsWith('IXSCAN') && !query.planSummary?.startsWith('IDHACK') && !query.planSummary?.startsWith('EXPRESS'))).toEqual([]);
  });

  it('sorts no page in memory (the index gives the order)', () => {
    expect(profiled.filter((query) => query.command?.sort !== undefined && query.hasSortStage === true)).toEqual([]);
  });
});

async function waitUntilReady(api: RunningApi): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await fetch(`${api.url}/health/ready`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the demo data was not in after two minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
