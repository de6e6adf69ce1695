import { randomUUID } from 'node:crypto';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, StaleRevisionError } from './command-errors';
import { eventIdFor } from './event-id';
import type { AppendResult, EventToAppend, ExpectedRevision } from './event-store.port';
import { type CommandContext, handleCommand } from './handle-command';
import { type Decider, DomainError, type Event, eventCodec } from './kernel';
import { SqliteEventStore } from './sqlite-event-store';

type Added = Event<'Added', { by: number }>;
type Add = { by: number };
type Total = { total: number };

const counter: Decider<Add, Total, Added> = {
  initialState: () => ({ total: 0 }),
  decide: (command) => {
    if (command.by < 0) throw new DomainError('negative', 'rule-violated', 'no negatives');
    return command.by === 0 ? [] : [{ type: 'Added', data: { by: command.by } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  version: 1,
};
const counterEvents = eventCodec<Added>({ Added: 1 });

const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: randomUUID(),
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: { userId: 'u1', role: 'rep' },
  occurredAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

/** A real store with a second writer that slips an event in before each of the first `races` appends. */
class RacingStore extends SqliteEventStore {
  constructor(public races: number) {
    super(':memory:');
  }
  override async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.races > 0) {
      this.races -= 1;
      const rival = { ...events[0].metadata, commandId: randomUUID() };
      await super.append(stream, [{ ...events[0], id: randomUUID(), metadata: rival }], 'any');
    }
    return super.append(stream, events, expected);
  }
}

describe('handleCommand', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore(':memory:')));
  afterEach(() => store.close());

  it('asks authorize with the loaded state before deciding, and appends nothing when it refuses', async () => {
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 5 }, context());
    const seen: number[] = [];
    const refuse = (state: Total): void => {
      seen.push(state.total);
      throw new DomainError('not-yours', 'forbidden', 'not yours');
    };
    await expect(handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context(), { authorize: refuse })).rejects.toMatchObject({
      code: 'not-yours',
    });
    expect(seen).toEqual([5]);
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('asks authorize before it checks If-Match: a refused caller learns nothing of the revision', async () => {
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 5 }, context());
    const refuse = (): void => {
      throw new DomainError('not-yours', 'forbidden', 'not yours');
    };
    await expect(handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, { ...context(), expectedRevision: [7] }, { authorize: refuse })).rejects.toMatchObject({
      code: 'not-yours',
    });
  });

  it('answers a retry that raced the first attempt as a replay: one of two concurrent identical commands appended, the other did not', async () => {
    const same = context();
    const results = await Promise.all([
      handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, same),
      handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, same),
    ]);
    expect(results.map(({ appended, replayed }) => ({ appended, replayed })).sort((a, b) => a.appended - b.appended)).toEqual([
      { appended: 0, replayed: true },
      { appended: 1, replayed: false },
    ]);
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('creates the stream, records metadata, and derives event ids from the command id', async () => {
    const ctx = context();
    const result = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, ctx);
    expect(result).toMatchObject({ streamName: 'counter-1', revision: 0, appended: 1, replayed: false });
    const [event] = await store.readStream('counter-1');
    expect(event.id).toBe(eventIdFor(ctx.commandId, 0));
    expect(event.metadata).toEqual({
      commandId: ctx.commandId,
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { userId: 'u1', role: 'rep' },
      occurredAt: '2026-11-23T10:00:00.000Z',
      schemaVersion: 1,
    });
  });

  it('with stateFromLastEvent, folds only the last event and appends at the stream revision', async () => {
    const lastOnly = { stateFromLastEvent: true } as const;
    const seen: number[] = [];
    const look = (state: Total): void => void seen.push(state.total);
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, context(), lastOnly);
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 3 }, context(), lastOnly);
    const result = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 4 }, context(), { ...lastOnly, authorize: look });
    expect(seen).toEqual([3]);
    expect(result).toMatchObject({ revision: 2, appended: 1 });
    const ctx = context();
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, ctx, lastOnly);
    expect(await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, ctx, lastOnly)).toMatchObject({ replayed: true, revision: 3 });
  });

  it('answers a repeated command id with the first outcome and appends nothing', async () => {
    const ctx = context();
    const first = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, ctx);
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 5 }, context());
    const again = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, ctx);
    expect(again).toEqual({ ...first, replayed: true, appended: 0 });
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('refuses a repeated command id that carries a different request hash, and replays a matching one', async () => {
    const ctx = context({ requestHash: 'hash-a' });
    const first = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, ctx);
    expect((await store.readStream('counter-1'))[0].metadata.requestHash).toBe('hash-a');
    await expect(handleCommand(store, counter, counterEvents, 'counter-1', { by: 3 }, { ...ctx, requestHash: 'hash-b' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await handleCommand(store, counter, counterEvents, 'counter-1', { by: 2 }, ctx)).toEqual({ ...first, replayed: true, appended: 0 });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('refuses a stale expected revision with StaleRevisionError and appends nothing', async () => {
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context());
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context());
    const error = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context({ expectedRevision: [0] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleRevisionError);
    expect((error as StaleRevisionError).actual).toBe(1);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('accepts a matching expected revision', async () => {
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context());
    const result = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context({ expectedRevision: [0] }));
    expect(result.revision).toBe(1);
  });

  it('returns the current revision and appends nothing when the decision is empty', async () => {
    await handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context());
    const result = await handleCommand(store, counter, counterEvents, 'counter-1', { by: 0 }, context());
    expect(result).toMatchObject({ revision: 0, appended: 0, replayed: false });
  });

  it('lets domain errors through untouched', async () => {
    await expect(handleCommand(store, counter, counterEvents, 'counter-1', { by: -1 }, context())).rejects.toMatchObject({ code: 'negative' });
  });

  it('re-reads and re-decides when another writer wins the race, within the attempt budget', async () => {
    const racing = new RacingStore(2);
    const result = await handleCommand(racing, counter, counterEvents, 'counter-1', { by: 1 }, context(), { maxAttempts: 3 });
    expect(result.revision).toBe(2);
    expect(await racing.readStream('counter-1')).toHaveLength(3);
    await racing.close();
  });

  it('gives up with ConcurrencyConflictError when every attempt loses', async () => {
    const racing = new RacingStore(10);
    const error = await handleCommand(racing, counter, counterEvents, 'counter-1', { by: 1 }, context(), { maxAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    await racing.close();
  });

  it('does not retry a conditional command that lost a race: it is stale', async () => {
    const racing = new RacingStore(0);
    await handleCommand(racing, counter, counterEvents, 'counter-1', { by: 1 }, context());
    racing.races = 1;
    const error = await handleCommand(racing, counter, counterEvents, 'counter-1', { by: 1 }, context({ expectedRevision: [0] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleRevisionError);
    await racing.close();
  });

  it('runs many concurrent commands on one stream without losing any', async () => {
    await Promise.all(Array.from({ length: 20 }, () => handleCommand(store, counter, counterEvents, 'counter-1', { by: 1 }, context(), { maxAttempts: 25 })));
    expect(await store.readStream('counter-1')).toHaveLength(20);
  });
});
