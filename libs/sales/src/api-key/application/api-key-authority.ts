import { Injectable, Logger } from '@nestjs/common';
import { CachedStreamStates, EventStore } from '@ledger/event-sourcing';
import { type ApiKeyHolder, ApiKeyAuthority, Clock, ProblemException } from '@ledger/platform';
import { ReadStore } from '@ledger/read-store';
import { apiKeyDecider, type ApiKeyEvent, apiKeyEvents, type ApiKeyState } from '../domain';
import { API_KEY_USAGE } from '../read-models';
import { apiKeyPrincipal, apiKeySecretMatches, parseApiKeyCredential } from './api-key-secret';
import { apiKeyStream } from './api-key.handler';

/** One answer for an unknown key, a wrong secret and a malformed credential, so a caller learns nothing about which keys exist. */
export class InvalidApiKeyProblem extends ProblemException {
  constructor() {
    super(401, 'invalid-api-key', 'This API key is not valid (Authorization: ApiKey <id>.<secret>, as answered when it was created)');
  }
}

export class ApiKeyRevokedProblem extends ProblemException {
  constructor(revokedAt: string) {
    super(401, 'api-key-revoked', `This API key was revoked at ${revokedAt}; ask an admin for a new one.`);
  }
}

/** The last use is written at most this often per key and process: a hint for an admin, not an audit record. */
const USAGE_EVERY_MS = 60_000;

/**
 * Keys are checked against their own stream (one or two events), not a view, so a revocation holds
 * from the moment it is appended in every API process; `CachedStreamStates` keeps each key's
 * folded state and reads only what came after (almost always nothing), as for the directory. The last use goes to a table outside the log (no event per request), fire-and-forget.
 */
@Injectable()
export class StoredApiKeyAuthority extends ApiKeyAuthority {
  private readonly logger = new Logger('ApiKeys');
  private readonly keys: CachedStreamStates<ApiKeyState, ApiKeyEvent>;
  private readonly usageNoted = new Map<string, number>();

  constructor(
    store: EventStore,
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
  ) {
    super();
    this.keys = new CachedStreamStates(store, apiKeyDecider, apiKeyEvents);
  }

  async authenticate(credential: string): Promise<ApiKeyHolder> {
    const parsed = parseApiKeyCredential(credential);
    if (parsed === null) throw new InvalidApiKeyProblem();
    const key = await this.keys.current(apiKeyStream(parsed.keyId));
    // Whether a key is revoked is told only to whoever holds its secret.
    if (key.status === 'initial' || !apiKeySecretMatches(parsed.secret, key.secretHash)) throw new InvalidApiKeyProblem();
    if (key.status === 'revoked') throw new ApiKeyRevokedProblem(key.revokedAt);
    this.noteUse(key.keyId);
    return { principal: apiKeyPrincipal(key.keyId), roles: key.roles };
  }

  private noteUse(keyId: string): void {
    const now = this.clock.now();
    if (now.getTime() - (this.usageNoted.get(keyId) ?? Number.NEGATIVE_INFINITY) < USAGE_EVERY_MS) return;
    this.usageNoted.set(keyId, now.getTime());
    // $max: several API processes, or a late write, never move it back.
    this.readStore
      .record([{ op: 'upsert', collection: API_KEY_USAGE, id: keyId, update: { $max: { lastUsedAt: now.toISOString() } } }])
      .catch((error: unknown) => this.logger.warn(`Could not record the last use of API key ${keyId}: ${error instanceof Error ? error.message : String(error)}`));
  }
}
