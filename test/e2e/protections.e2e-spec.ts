import { client } from './support/http';
import { newDataDir, removeDataDir, type RunningApi, startApi, waitUntilCaughtUp } from './support/api-process';

const TRUSTED_ORIGIN = 'https://crm.example.com';
const OTHER_ORIGIN = 'https://evil.example.net';

const preflight = (url: string, origin: string): Promise<Response> =>
  fetch(`${url}/opportunities`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  });

/** APIs with the defaults, with CORS for two origins, and with low rate limits per token and per address. */
describe('protections users expect', () => {
  const apis = {} as { plain: RunningApi; configured: RunningApi; perToken: RunningApi; perAddress: RunningApi; dirs: string[] };
  beforeAll(async () => {
    apis.dirs = [newDataDir(), newDataDir(), newDataDir(), newDataDir()];
    [apis.plain, apis.configured, apis.perToken, apis.perAddress] = await Promise.all([
      startApi(apis.dirs[0]),
      startApi(apis.dirs[1], { CORS_ORIGINS: `${TRUSTED_ORIGIN}, https://other.example.com` }),
      startApi(apis.dirs[2], { RATE_LIMIT_PER_MINUTE: '3' }),
      startApi(apis.dirs[3], { RATE_LIMIT_PER_IP_PER_MINUTE: '3' }),
    ]);
    await Promise.all([waitUntilCaughtUp(apis.plain), waitUntilCaughtUp(apis.configured)]);
  });
  afterAll(async () => {
    await Promise.all([apis.plain?.stop(), apis.configured?.stop(), apis.perToken?.stop(), apis.perAddress?.stop()]);
    for (const dir of apis.dirs) removeDataDir(dir);
  });

  describe('security headers', () => {
    it('are on every answer: no sniffing, no framing, HSTS, a restrictive CSP, no referrer', async () => {
      const response = await fetch(`${apis.plain.url}/team/me`, { headers: { authorization: `Bearer ${apis.plain.tokens.rep}` } });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    });

    it('are on refusals too', async () => {
      const response = await fetch(`${apis.plain.url}/opportunities`);
      expect(response.status).toBe(401);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    });

    it("leave the dashboard's own, stricter CSP as its only policy", async () => {
      const response = await fetch(`${apis.plain.url}/dashboard`);
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';[^,]*$/);
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    });
  });

  describe('CORS', () => {
    it('is off by default: a preflight from another site gets no Access-Control-Allow-Origin', async () => {
      const response = await preflight(apis.plain.url, TRUSTED_ORIGIN);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets an origin listed in CORS_ORIGINS call with a token, an idempotency key and If-Match', async () => {
      const response = await preflight(apis.configured.url, TRUSTED_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(TRUSTED_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    });

    it('shows a listed origin the headers a client needs (ETag, Location, Retry-After)', async () => {
      const response = await fetch(`${apis.configured.url}/team/me`, { headers: { origin: TRUSTED_ORIGIN, authorization: `Bearer ${apis.configured.tokens.rep}` } });
      expect(response.headers.get('access-control-allow-origin')).toBe(TRUSTED_ORIGIN);
      expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
      expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
    });

    it('does not let an origin that is not listed call', async () => {
      const response = await preflight(apis.configured.url, OTHER_ORIGIN);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('rate limits', () => {
    it('give a token over its limit a 429 problem with Retry-After, and say so before', async () => {
      const rep = client(apis.perToken.url, apis.perToken.tokens.rep);
      const allowed = [await rep.get('/team/me'), await rep.get('/team/me'), await rep.get('/team/me')];
      const refused = await rep.get('/team/me');
      expect(allowed.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(allowed[2].headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'rate-limited', type: 'urn:sales-ledger:problem:rate-limited', retryAfterSeconds: expect.any(Number) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    });

    it('count each token on its own: another user is not affected', async () => {
      const manager = client(apis.perToken.url, apis.perToken.tokens.manager);
      expect((await manager.get('/team/me')).status).toBe(200);
    });

    it('refuse commands too', async () => {
      const admin = client(apis.perToken.url, apis.perToken.tokens.admin);
      await Promise.all([admin.get('/projections'), admin.get('/projections'), admin.get('/projections')]);
      const refused = await admin.post('/opportunities', { title: 'Over the limit', accountName: 'Acme' });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate-limited');
    });

    it('count an address over all its tokens, and requests without one', async () => {
      const anonymous = client(apis.perAddress.url, undefined);
      const answers = [await anonymous.get('/team/me'), await anonymous.get('/team/me'), await anonymous.get('/team/me')];
      const refused = await client(apis.perAddress.url, apis.perAddress.tokens.analyst).get('/team/me');
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('rate-limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('leave the health probes out', async () => {
      const response = await fetch(`${apis.perAddress.url}/health/live`);
      expect(response.status).toBe(200);
    });
  });
});
