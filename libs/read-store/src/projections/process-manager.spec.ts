import { randomUUID } from 'node:crypto';
import {
  type CommandContext,
  type Decider,
  DomainError,
  derivedCommandId,
  type Event,
  eventCodec,
  type EventToAppend,
  handleCommand,
  SqliteEventStore,
} from '@ledger/event-sourcing';
import { SqliteReadStore } from '../sqlite-read-store';
import { ProcessApplier, type ProcessManager, processManagerOf, RetryLaterError } from './process-manager';

type Credited = Event<'Credited', { by: number }>;
const ledger: Decider<{ by: number }, { total: number }, Credited> = {
  initialState: () => ({ total: 0 }),
  decide: (command) => {
    if (command.by < 0) throw new DomainError('negative', 'rule-violated', 'no debits here');
    return [{ type: 'Credited', data: { by: command.by } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  version: 1,
};
const ledgerEvents = eventCodec<Credited>({ Credited: 1 });

class Credit {
  constructor(
    readonly by: number,
    readonly context: CommandContext,
  ) {}
}

const metadata = { commandId: 'c', correlationId: 'flow-1', causationId: 'c', actor: { userId: 'u', role: 'rep' as const }, occurredAt: '2027-01-01T00:00:00.000Z', schemaVersion: 1 };
const sale = (amount: number): EventToAppend => ({ id: randomUUID(), type: 'SaleMade', data: { amount }, metadata });

type SaleMade = Event<'SaleMade', { amount: number }>;
const saleEvents = eventCodec<SaleMade>({ SaleMade: 1 });

/** Every sale credits a commission account: a process manager as a plain function of the event. */
const commissions: ProcessManager = processManagerOf({
  name: 'sale-to-commission',
  events: saleEvents,
  on: ['SaleMade'],
  react: (event, recorded) => [
    new Credit(event.data.amount, {
      commandId: derivedCommandId(recorded.id, 'sale-to-commission'),
      correlationId: recorded.metadata.correlationId,
      causationId: recorded.id,
      actor: { userId: 'process:sale-to-commission', role: 'system' },
      occurredAt: recorded.metadata.occurredAt,
    }),
  ],
});

describe('ProcessApplier', () => {
  let events: SqliteEventStore;
  let views: SqliteReadStore;
  let failures: number;
  const execute = async (command: unknown): Promise<unknown> => {
    if (failures > 0) {
      failures -= 1;
      throw new Error('store briefly unavailable');
    }
    const credit = command as Credit;
    return handleCommand(events, ledger, ledgerEvents, 'account-commission', { by: credit.by }, credit.context);
  };
  const commission = async () => (await events.readStream('account-commission')).map((e) => e.data);

  beforeEach(() => {
    events = new SqliteEventStore(':memory:');
    views = new SqliteReadStore(':memory:');
    failures = 0;
  });
  afterEach(async () => {
    await views.close();
    await events.close();
  });

  it('issues one command per event, caused by it, and moves its checkpoint past the batch', async () => {
    await events.append('sale-1', [sale(10), sale(20)], 'any');
    const batch = await events.readAll();
    await new ProcessApplier(views, commissions, execute).apply(batch);
    const credited = await events.readStream('account-commission');
    expect(credited.map((e) => e.data)).toEqual([{ by: 10 }, { by: 20 }]);
    expect(credited.map((e) => e.metadata.causationId)).toEqual(batch.map((e) => e.id));
    expect(credited.every((e) => e.metadata.correlationId === 'flow-1')).toBe(true);
    expect(await views.readCheckpoint('sale-to-commission')).toEqual(batch[1].position);
  });

  it('acts once when a batch is replayed after a crash before its checkpoint', async () => {
    await events.append('sale-1', [sale(10), sale(20)], 'any');
    const batch = await events.readAll();
    await new ProcessApplier(views, commissions, execute).apply(batch.slice(0, 1));
    await new ProcessApplier(views, commissions, execute).apply(batch);
    expect(await commission()).toEqual([{ by: 10 }, { by: 20 }]);
  });

  it('retries a failing command, and parks the event at once when the domain refuses it', async () => {
    await events.append('sale-1', [sale(10), sale(-5), sale(30)], 'any');
    const batch = await events.readAll();
    failures = 2;
    await new ProcessApplier(views, commissions, execute, { retryDelayMs: 1 }).apply(batch);
    expect(await commission()).toEqual([{ by: 10 }, { by: 30 }]);
    const parked = await views.listParked();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ projection: 'sale-to-commission', eventId: batch[1].id, type: 'SaleMade' });
    expect(parked[0].error).toContain('no debits here');
    expect(await views.readCheckpoint('sale-to-commission')).toEqual(batch[2].position);
  });

  it('parks an event whose command keeps failing, and goes on', async () => {
    await events.append('sale-1', [sale(10), sale(20)], 'any');
    failures = 3;
    await new ProcessApplier(views, commissions, execute, { retryDelayMs: 1, maxAttempts: 3 }).apply(await events.readAll());
    expect(await commission()).toEqual([{ by: 20 }]);
    expect((await views.listParked())[0].error).toContain('store briefly unavailable');
  });

  it('retries a parked event after the fault is gone: its command acts, the event leaves the parked list', async () => {
    await events.append('sale-1', [sale(10), sale(20)], 'any');
    const batch = await events.readAll();
    failures = 3;
    const applier = new ProcessApplier(views, commissions, execute, { retryDelayMs: 1, maxAttempts: 3 });
    await applier.apply(batch);
    expect(await applier.retry(batch[0])).toBe(true);
    expect(await commission()).toEqual([{ by: 20 }, { by: 10 }]);
    expect(await views.listParked()).toEqual([]);
  });

  it('keeps a retried event parked, with the new reason, while its command is still refused', async () => {
    await events.append('sale-1', [sale(-5)], 'any');
    const batch = await events.readAll();
    const applier = new ProcessApplier(views, commissions, execute, { retryDelayMs: 1 });
    await applier.apply(batch);
    expect(await applier.retry(batch[0])).toBe(false);
    expect(await views.listParked()).toEqual([expect.objectContaining({ eventId: batch[0].id, error: expect.stringContaining('no debits here') })]);
  });

  it('does not act twice when a retried event had acted before it was parked', async () => {
    await events.append('sale-1', [sale(10)], 'any');
    const batch = await events.readAll();
    const applier = new ProcessApplier(views, commissions, execute);
    await applier.apply(batch);
    expect(await applier.retry(batch[0])).toBe(true);
    expect(await commission()).toEqual([{ by: 10 }]);
  });

  it('neither retries nor parks a command that must wait: the batch fails, the checkpoint stays, a replay then acts once', async () => {
    await events.append('sale-1', [sale(10), sale(20)], 'any');
    const batch = await events.readAll();
    let notYet = true;
    const waiting = async (command: unknown): Promise<unknown> => {
      if ((command as Credit).by === 20 && notYet) throw new RetryLaterError('the view is catching up');
      return execute(command);
    };
    await expect(new ProcessApplier(views, commissions, waiting).apply(batch)).rejects.toBeInstanceOf(RetryLaterError);
    expect(await views.listParked()).toEqual([]);
    expect(await views.readCheckpoint('sale-to-commission')).toBeNull();
    notYet = false;
    await new ProcessApplier(views, commissions, waiting).apply(batch);
    expect(await commission()).toEqual([{ by: 10 }, { by: 20 }]);
  });
});
