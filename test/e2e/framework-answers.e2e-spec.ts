import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { client } from './support/http';
import { newDataDir, removeDataDir, startApi, useApiPerSuite } from './support/api-process';
import { answerOn, rawGet } from './support/raw-http';

/** Helmet's headers (apps/sales-api/src/protections.ts), as an answer of a route carries them. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
];

const securityHeadersOf = (headers: Headers | Record<string, string>): Record<string, string | null> =>
  Object.fromEntries(SECURITY_HEADERS.map((name) => [name, headers instanceof Headers ? headers.get(name) : (headers[name] ?? null)]));

/** What Fastify and Node's HTTP parser answer before any route runs leaves as problem+json too, with a stable code. */
describe('answers the framework gives itself', () => {
  const suite = useApiPerSuite();
  const PROBLEM = /^application\/problem\+json/;

  it('answers a path that is not valid percent-encoding with 400 invalid-url', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).get('/opportunities/%FF');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 400, code: 'invalid-url', type: 'urn:sales-ledger:problem:invalid-url', instance: '/opportunities/%FF' });
  });

  it('answers a path parameter longer than the router takes with 414 path-parameter-too-long', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).get(`/opportunities/${'a'.repeat(500)}`);
    expect(answer.status).toBe(414);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 414, code: 'path-parameter-too-long', title: 'URI Too Long' });
  });

  it('answers raw non-ASCII bytes in a query string with 400 malformed-request', async () => {
    const answer = await rawGet(suite.api.url, Buffer.from([...Buffer.from('/opportunities?q='), 0xff, 0xfe]), suite.api.tokens.admin);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 400, code: 'malformed-request' });
  });

  it('answers headers over the size limit (a 20 KB token) with 431 headers-too-large', async () => {
    const answer = await rawGet(suite.api.url, Buffer.from('/opportunities'), 'a'.repeat(20_000));
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 431, code: 'headers-too-large', title: 'Request Header Fields Too Large' });
  });

  it('answers a path no route has with 404 not-found', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).get('/no-such-route');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 404, code: 'not-found' });
  });

  it('answers a method a path does not take with 404 not-found', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).delete('/opportunities');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 404, code: 'not-found' });
  });

  it('answers a body that is not JSON with 400 bad-request', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).post('/accounts', '{"name":');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 400, code: 'bad-request' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('answers a body sent as %s to a JSON route with 415 unsupported-media-type', async (type) => {
    const answer = await client(suite.api.url, suite.api.tokens.admin).post('/accounts', '{"name":"Typed"}', { 'content-type': type });
    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ status: 415, code: 'unsupported-media-type' });
  });

  describe('carry the security headers every answer of a route carries', () => {
    const routed = async (): Promise<Record<string, string | null>> => securityHeadersOf((await fetch(`${suite.api.url}/health/live`)).headers);

    it('on 400 invalid-url', async () => {
      const answer = await client(suite.api.url, suite.api.tokens.admin).get('/opportunities/%FF');
      expect(securityHeadersOf(answer.headers)).toEqual(await routed());
    });

    it('on 414 path-parameter-too-long', async () => {
      const answer = await client(suite.api.url, suite.api.tokens.admin).get(`/opportunities/${'a'.repeat(500)}`);
      expect(securityHeadersOf(answer.headers)).toEqual(await routed());
    });

    it('on 431 headers-too-large', async () => {
      const answer = await rawGet(suite.api.url, Buffer.from('/opportunities'), 'a'.repeat(20_000));
      expect(securityHeadersOf(answer.headers)).toEqual(await routed());
    });

    it('on 400 malformed-request', async () => {
      const answer = await rawGet(suite.api.url, Buffer.from([...Buffer.from('/opportunities?q='), 0xff, 0xfe]), suite.api.tokens.admin);
      expect(securityHeadersOf(answer.headers)).toEqual(await routed());
    });

    it('on 404 not-found for a path no route has', async () => {
      const answer = await client(suite.api.url, suite.api.tokens.admin).get('/no-such-route');
      expect(securityHeadersOf(answer.headers)).toEqual(await routed());
    });

    it('on 413 payload-too-large', async () => {
      const answer = await client(suite.api.url, suite.api.tokens.admin).post('/accounts', { name: 'x'.repeat(2 * 1024 * 1024) });
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 413, code: 'payload-too-large' });
      expect(securityHeadersOf(answer.headers)).toEqual(await routed());
    });

    it('and are those helmet sets (no header of the list is missing on a routed answer)', async () => {
      expect(Object.values(await routed())).not.toContain(null);
    });
  });
});

describe('answers while the API shuts down', () => {
  /** Until the API no longer accepts connections: Fastify is closing and waits for the connections still open. */
  const untilRefused = async (port: number): Promise<void> => {
    for (;;) {
      const refused = await new Promise<boolean>((resolve) => {
        const probe = connect(port, '127.0.0.1', () => probe.destroy() && resolve(false));
        probe.once('error', () => resolve(true));
      });
      if (refused) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('answers a request that arrives once it is closing with 503 shutting-down, Retry-After and the security headers', async () => {
    const dataDir = newDataDir();
    const api = await startApi(dataDir);
    const routed = securityHeadersOf((await fetch(`${api.url}/health/live`)).headers);
    const port = Number(new URL(api.url).port);
    const socket: Socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    // Half a request: the connection is busy, so the server, closing, waits for it instead of dropping it.
    socket.write(`GET /team/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${api.tokens.rep}\r\n`);
    const answer = answerOn(socket);
    api.process.kill('SIGTERM');
    await untilRefused(port);
    socket.write('Connection: close\r\n\r\n');
    const { status, headers, body } = await answer;
    await api.stop();
    removeDataDir(dataDir);
    expect({ status, contentType: headers['content-type'], retryAfter: headers['retry-after'] }).toEqual({
      status: 503,
      contentType: expect.stringMatching(/^application\/problem\+json/),
      retryAfter: expect.stringMatching(/^\d+$/),
    });
    expect(body).toMatchObject({ status: 503, code: 'shutting-down' });
    expect(securityHeadersOf(headers)).toEqual(routed);
  });
});

