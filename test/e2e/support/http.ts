export type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { [key: string]: unknown } };

/** A small JSON client for the API under test. */
export function client(baseUrl: string, token: string | undefined) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  };
  return {
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) => call('POST', path, body, headers),
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    patch: (path: string, body: unknown = {}, headers?: Record<string, string>) => call('PATCH', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
  };
}

export const anOpportunity = (overrides: Record<string, unknown> = {}) => ({
  title: 'Fleet renewal 2027',
  accountName: 'Acme Corporation',
  amount: { amountMinor: 1_250_000, currency: 'USD' },
  expectedCloseDate: '2099-03-31',
  source: 'referral',
  ...overrides,
});

/** Polls until `check` returns a value (not undefined), or fails with the last thing seen. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type StreamEvent = { id: string; type: string; position: string; data: Record<string, unknown>; metadata: Record<string, unknown> & { causationId: string; correlationId: string; actor: { userId: string; role: string } } };
