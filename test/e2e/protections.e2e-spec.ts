import { newDataDir, removeDataDir, type RunningApi, startApi, waitUntilCaughtUp } from './support/api-process';

const TRUSTED_ORIGIN = 'https://crm.example.com';
const OTHER_ORIGIN = 'https://evil.example.net';

const preflight = (url: string, origin: string): Promise<Response> =>
  fetch(`${url}/opportunities`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  });

/** Two APIs: one with the defaults, one configured as an operator would (CORS for one origin). */
describe('protections users expect', () => {
  const apis = {} as { plain: RunningApi; configured: RunningApi; dirs: string[] };
  beforeAll(async () => {
    apis.dirs = [newDataDir(), newDataDir()];
    [apis.plain, apis.configured] = await Promise.all([
      startApi(apis.dirs[0]),
      startApi(apis.dirs[1], { CORS_ORIGINS: `${TRUSTED_ORIGIN}, https://other.example.com` }),
    ]);
    await Promise.all([waitUntilCaughtUp(apis.plain), waitUntilCaughtUp(apis.configured)]);
  });
  afterAll(async () => {
    await Promise.all([apis.plain?.stop(), apis.configured?.stop()]);
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
});
