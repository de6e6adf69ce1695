import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { issueToken, signingKey, SystemClock, verifyToken } from '@ledger/platform';
import { SqliteReadStore } from '@ledger/read-store';
import { apiKeyCredential, DirectoryTokenAuthority, handleApiKey, newApiKeySecret, StoredApiKeyAuthority } from '@ledger/sales';
import { percentile, type Row, round } from './support/stats';
import { sized } from './support/mode';

const CALLS = sized(20_000, 1_000);
const SECRET = 'bench-secret-'.padEnd(48, 'x');

async function measure(name: string, call: () => Promise<unknown>): Promise<Row> {
  for (let warm = 0; warm < 1_000; warm += 1) await call();
  const micros: number[] = [];
  for (let done = 0; done < CALLS; done += 1) {
    const started = process.hrtime.bigint();
    await call();
    micros.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  micros.sort((a, b) => a - b);
  return { check: name, calls: CALLS, 'mean µs': round(micros.reduce((sum, value) => sum + value, 0) / CALLS, 1), 'p50 µs': round(percentile(micros, 50), 1), 'p99 µs': round(percentile(micros, 99), 1) };
}

/**
 * What authenticating one request costs, in process, on the embedded stores: an API key (read the
 * key's stream after the cached revision, hash the secret, compare) against a bearer JWT (verify the
 * signature, then the directory's same stream read). Sequential calls, so each figure is one request's.
 */
export async function benchApiKeyAuth(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-key-'));
  const events = new SqliteEventStore(join(dir, 'events.db'));
  const readModels = new SqliteReadStore(join(dir, 'read-models.db'));
  try {
    const keyId = randomUUID();
    const { secret, secretHash } = newApiKeySecret();
    const context: CommandContext = { commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), actor: { userId: 'bench-admin', role: 'admin' }, occurredAt: new Date().toISOString() };
    await handleApiKey(events, { type: 'IssueApiKey', keyId, name: 'bench', roles: ['admin'], secretHash }, context);
    const keys = new StoredApiKeyAuthority(events, readModels, new SystemClock());
    const credential = apiKeyCredential(keyId, secret);
    const directory = new DirectoryTokenAuthority(events);
    const jwt = new JwtService();
    const key = signingKey(SECRET);
    const token = issueToken(SECRET, { userId: 'bench-admin', role: 'admin' }, 3_600);
    return [
      await measure('API key (stream read + SHA-256 + timingSafeEqual)', () => keys.authenticate(credential)),
      await measure('bearer JWT (HS256 verify + directory stream read)', async () => directory.confirm(await verifyToken(jwt, key, token))),
    ];
  } finally {
    await readModels.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchApiKeyAuth().then((rows) => process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`));
}
