import { client } from './support/http';
import { useApiPerSuite } from './support/api-process';
import { rawGet } from './support/raw-http';

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
});
