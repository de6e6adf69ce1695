import { SchedulerRegistry } from '@nestjs/schedule';
import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { FixedClock, loadAppConfig } from '@ledger/platform';
import { rebuildProjections, SqliteReadStore } from '@ledger/read-store';
import { quoteViewProjection } from '../../read-models';
import { handleQuote, loadQuote } from '../quote.handler';
import { QuoteExpiryJob } from './quote-expiry.job';

let sequence = 0;
const context = (occurredAt: string): CommandContext => {
  sequence += 1;
  const commandId = `cmd-${sequence}`;
  return { commandId, correlationId: commandId, causationId: commandId, actor: { userId: 'ana', role: 'manager' }, occurredAt };
};

const POLICY = { version: 'test', maxDiscountBp: 1000, maxTotalMinor: 1_000_000_000 };

describe('QuoteExpiryJob, with an injected clock', () => {
  let events: SqliteEventStore;
  let views: SqliteReadStore;
  let clock: FixedClock;
  let job: QuoteExpiryJob;

  async function sentQuote(quoteId: string, validUntil: string): Promise<void> {
    const at = '2027-01-10T09:00:00.000Z';
    const steps = [
      { type: 'DraftQuote', opportunityId: 'opp-1', currency: 'USD', version: 1, previousQuoteId: null, validUntil, taxBp: 0 },
      { type: 'AddLine', lineId: 'l1', productCode: 'GTX-PRO', description: 'GTX Pro', quantity: 1, unitPriceMinor: 100, discountBasisPoints: 0 },
      { type: 'SubmitQuote', policy: POLICY },
      { type: 'SendQuote' },
    ];
    for (const step of steps) await handleQuote(events, { ...step, quoteId } as never, context(at));
  }

  beforeEach(() => {
    events = new SqliteEventStore(':memory:');
    views = new SqliteReadStore(':memory:');
    clock = new FixedClock(new Date('2027-01-31T23:59:59.000Z'));
    job = new QuoteExpiryJob(events, views, clock, new SchedulerRegistry(), loadAppConfig({ JWT_SECRET: 'x'.repeat(32), EVENTSTORE_URL: '' }));
  });
  afterEach(async () => {
    await views.close();
    await events.close();
  });

  it('expires a sent quote only from the day after its validity, once, as the system', async () => {
    await sentQuote('q-january', '2027-01-31');
    await sentQuote('q-february', '2027-02-28');
    await rebuildProjections(events, views, [quoteViewProjection]);

    expect(await job.runOnce()).toEqual({ expired: 0, refused: 0 });
    expect((await loadQuote(events, 'q-january')).status).toBe('sent');

    clock.set(new Date('2027-02-01T00:00:00.000Z'));
    expect(await job.runOnce()).toEqual({ expired: 1, refused: 0 });
    const january = await events.readStream('quote-q-january');
    expect(january.at(-1)).toMatchObject({
      type: 'QuoteExpired',
      data: { quoteId: 'q-january', validUntil: '2027-01-31', expiredAt: '2027-02-01T00:00:00.000Z' },
      metadata: { actor: { userId: 'system:quote-expiry', role: 'system' } },
    });
    expect((await loadQuote(events, 'q-february')).status).toBe('sent');

    // The view has not caught up yet: the quote is a candidate again, and the replayed command appends nothing.
    expect(await job.runOnce()).toEqual({ expired: 0, refused: 0 });
    expect(await events.readStream('quote-q-january')).toHaveLength(january.length);
  });

  it('leaves a quote accepted since the view last saw it to the domain, which refuses', async () => {
    await sentQuote('q-accepted', '2027-01-15');
    await rebuildProjections(events, views, [quoteViewProjection]);
    await handleQuote(events, { type: 'AcceptQuote', quoteId: 'q-accepted' }, context('2027-01-14T10:00:00.000Z'));
    expect(await job.runOnce()).toEqual({ expired: 0, refused: 1 });
    expect((await loadQuote(events, 'q-accepted')).status).toBe('accepted');
  });
});
