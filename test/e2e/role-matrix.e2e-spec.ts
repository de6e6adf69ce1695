import { client } from './support/http';
import { useApiPerSuite } from './support/api-process';

type Operation = { 'x-roles'?: string[]; security?: unknown[] };
type Document = { paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>> };

const ROLES = ['rep', 'manager', 'admin', 'auditor', 'analyst'] as const;
const NO_SUCH_RECORD = '7d0f1b8e-4a7c-4c8e-9d55-1f0a2b3c4d5e';
/** A value for each path parameter: a record that does not exist, in the shape the route expects. */
const PATH_VALUES: Record<string, string> = { streamName: `opportunity-${NO_SUCH_RECORD}`, code: 'NO-SUCH-PRODUCT', userId: 'no-such-user' };
/** A command gets an empty body: the role check comes before any validation. */
const call = (as: ReturnType<typeof client>, method: string, path: string, headers?: Record<string, string>) =>
  method === 'GET' ? as.get(path, headers) : method === 'DELETE' ? as.delete(path, headers) : method === 'PATCH' ? as.patch(path, {}, headers) : as.post(path, {}, headers);
const concrete = (path: string): string => path.replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? NO_SUCH_RECORD);

/**
 * Every route the OpenAPI document lists, called with every role's token: a role the route does
 * not name (`x-roles`, from `@Roles`) is refused with 403 forbidden before anything else; a role it
 * names is never refused for its role. The matrix comes from the controllers themselves.
 */
describe('who may call what: every route × every role', () => {
  const suite = useApiPerSuite();
  let cells: { route: string; role: string; allowed: boolean; status: number; code: unknown }[] = [];

  beforeAll(async () => {
    const document = (await (await fetch(`${suite.api.url}/docs/openapi.json`)).json()) as Document;
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security !== undefined)
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, roles: operation['x-roles'] ?? [...ROLES] })),
    );
    cells = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const answer = await call(client(suite.api.url, suite.api.tokens[role]), route.method, concrete(route.path));
        cells.push({ route: `${route.method} ${route.path}`, role, allowed: route.roles.includes(role), status: answer.status, code: answer.body.code });
      }
    }
  }, 120_000);

  it('covers every secured route of the document with every role', () => {
    expect(new Set(cells.map((cell) => cell.route)).size * ROLES.length).toBe(cells.length);
    expect(cells.length).toBeGreaterThan(400);
  });

  it('refuses every role a route does not name with 403 forbidden', () => {
    const wrong = cells.filter((cell) => !cell.allowed && !(cell.status === 403 && cell.code === 'forbidden'));
    expect(wrong.map(({ route, role, status, code }) => `${role} ${route} → ${status} ${String(code)}`)).toEqual([]);
  });

  it('never refuses a role a route names for its role, and never answers 5xx', () => {
    const wrong = cells.filter((cell) => cell.allowed && ((cell.status === 403 && cell.code === 'forbidden') || cell.status >= 500));
    expect(wrong.map(({ route, role, status, code }) => `${role} ${route} → ${status} ${String(code)}`)).toEqual([]);
  });
});

/**
 * The same matrix with API keys: a key of one role is held to that role's column (a key has no
 * token, so the key's `Authorization: ApiKey` header replaces the bearer one). Reps and managers
 * have no keys (api-key-role-not-allowed).
 */
describe('who may call what with an API key: every route × every role a key may have', () => {
  const suite = useApiPerSuite();
  const KEY_ROLES = ['admin', 'auditor', 'analyst'] as const;
  let cells: { route: string; role: string; allowed: boolean; status: number; code: unknown }[] = [];

  beforeAll(async () => {
    const document = (await (await fetch(`${suite.api.url}/docs/openapi.json`)).json()) as Document;
    const admin = client(suite.api.url, suite.api.tokens.admin);
    const headers: Record<string, string> = {};
    for (const role of KEY_ROLES) headers[role] = (await admin.post('/api-keys', { name: `matrix ${role}`, roles: [role] })).body.header as string;
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security !== undefined)
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, roles: operation['x-roles'] ?? [...ROLES] })),
    );
    cells = [];
    for (const route of routes) {
      for (const role of KEY_ROLES) {
        const answer = await call(client(suite.api.url, undefined), route.method, concrete(route.path), { authorization: headers[role] });
        cells.push({ route: `${route.method} ${route.path}`, role, allowed: route.roles.includes(role), status: answer.status, code: answer.body.code });
      }
    }
  }, 120_000);

  it('covers every secured route with a key of every role a key may have', () => {
    expect(new Set(cells.map((cell) => cell.route)).size * KEY_ROLES.length).toBe(cells.length);
    expect(cells.length).toBeGreaterThan(240);
  });

  it("refuses a key every route its role may not call, with 403 forbidden", () => {
    const wrong = cells.filter((cell) => !cell.allowed && !(cell.status === 403 && cell.code === 'forbidden'));
    expect(wrong.map(({ route, role, status, code }) => `${role} key ${route} → ${status} ${String(code)}`)).toEqual([]);
  });

  it('never refuses a key a route its role may call, never asks it for a token (401), and never answers 5xx', () => {
    const wrong = cells.filter((cell) => cell.allowed && ((cell.status === 403 && cell.code === 'forbidden') || cell.status === 401 || cell.status >= 500));
    expect(wrong.map(({ route, role, status, code }) => `${role} key ${route} → ${status} ${String(code)}`)).toEqual([]);
  });
});
