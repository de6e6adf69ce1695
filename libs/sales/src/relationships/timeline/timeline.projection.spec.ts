import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import type { ContactAdded } from '../../account';
import type { ActivityLogged } from '../../activity';
import type { QuoteDrafted } from '../../quote';
import type { TaskCompleted } from '../../task';
import {
  readTimelines,
  TIMELINE_BUCKET_SIZE,
  TIMELINE_STREAMS,
  type TimelineBucket,
  type TimelineEntry,
  timelineBucketId,
} from './timeline-entry.document';
import { toTimelineItem } from './get-timeline/timeline-item';
import { TIMELINE_EVENTS } from './timeline-summaries';
import { timelineProjection } from './timeline.projection';

const ACCOUNT_ID = '9c1d2e3f-0000-4000-8000-00000000000a';
const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const CONTACT_ID = '4a5b6c7d-1111-4000-8000-00000000000a';
const ACTIVITY_ID = '6e7f8a9b-0000-4000-8000-00000000000a';
const TASK_ID = '9a3e5c1d-0000-4000-8000-00000000000a';
const QUOTE_ID = '5d0c2a4e-0000-4000-8000-00000000000a';
const REP = 'ana';
/** When the events were recorded. */
const RECORDED_AT = '2027-03-02T15:00:00.000Z';
/** When the call itself happened: the day before it was logged. */
const CALLED_AT = '2027-03-01T10:30:00.000Z';

let sequence = 0;
/** A recorded event as the log delivers it; position and time may be given. */
const recorded = (
  streamName: string,
  type: string,
  data: object,
  options: { position?: number; occurredAt?: string; revision?: number } = {},
): AllEvent => {
  sequence += 1;
  const at = options.occurredAt ?? RECORDED_AT;
  return {
    id: `event-${sequence}`,
    streamName,
    revision: options.revision ?? 0,
    type,
    data,
    metadata: {
      commandId: `cmd-${sequence}`,
      correlationId: 'c',
      causationId: 'c',
      actor: { userId: REP, role: 'rep' },
      occurredAt: at,
      schemaVersion: 1,
    },
    recordedAt: at,
    position: positionOf(options.position ?? sequence),
  };
};

const activityLogged = (overrides: Partial<ActivityLogged['data']> = {}): AllEvent =>
  recorded(`activity-${ACTIVITY_ID}`, 'ActivityLogged', {
    activityId: ACTIVITY_ID,
    kind: 'call',
    direction: 'outbound',
    occurredAt: CALLED_AT,
    durationMinutes: 25,
    subject: 'Pricing call',
    outcome: 'Wants a quote',
    body: null,
    accountId: ACCOUNT_ID,
    contactId: CONTACT_ID,
    opportunityId: OPPORTUNITY_ID,
    nextStep: null,
    loggedAt: RECORDED_AT,
    loggedBy: REP,
    ...overrides,
  } satisfies ActivityLogged['data']);

const taskCompleted = (): AllEvent =>
  recorded(
    `task-${TASK_ID}`,
    'TaskCompleted',
    {
      taskId: TASK_ID,
      outcome: 'Sent the deck',
      completedAt: RECORDED_AT,
      completedBy: REP,
    } satisfies TaskCompleted['data'],
    { revision: 2 },
  );

const quoteDrafted = (): AllEvent =>
  recorded(`quote-${QUOTE_ID}`, 'QuoteDrafted', {
    quoteId: QUOTE_ID,
    opportunityId: OPPORTUNITY_ID,
    currency: 'EUR',
    version: 1,
    previousQuoteId: null,
    validUntil: '2027-04-01',
    taxBp: 1900,
    draftedAt: RECORDED_AT,
    draftedBy: REP,
    accountId: null,
  } satisfies QuoteDrafted['data']);

const PERSONAL = { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: '+49 30 1234567' };
const contactAdded = (): AllEvent =>
  recorded(
    `account-${ACCOUNT_ID}`,
    'ContactAdded',
    {
      accountId: ACCOUNT_ID,
      contactId: CONTACT_ID,
      title: 'Head of Purchasing',
      preferredChannel: 'email',
      addedAt: RECORDED_AT,
      personal: PERSONAL,
    } satisfies ContactAdded['data'],
    { revision: 1 },
  );

describe('timeline projection', () => {
  let views: SqliteReadStore;
  let applier: ProjectionApplier;

  /** Projects the events, then answers the entry of the given event. */
  const project = async (...events: AllEvent[]): Promise<TimelineEntry> => {
    await applier.apply(events);
    const [stream] = await readTimelines(views, [events[0].streamName]);
    return stream.entries.find((entry) => entry.eventId === events[0].id)!;
  };
  /** Every entry of every stream, newest first. */
  const entries = async (): Promise<TimelineEntry[]> =>
    (await views.find<TimelineBucket>(TIMELINE_STREAMS, {})).flatMap((bucket) => bucket.entries).sort((a, b) => (a.sortKey < b.sortKey ? 1 : -1));

  beforeEach(() => {
    views = new SqliteReadStore(':memory:');
    applier = new ProjectionApplier(views, timelineProjection);
  });
  afterEach(async () => {
    const parked = await views.listParked();
    await views.close();
    expect(parked).toEqual([]);
  });

  it('places an ActivityLogged entry at the activity time, not the recording time, with its account, opportunity and contact', async () => {
    const event = activityLogged();
    const entry = await project(event);
    expect(entry).toEqual({
      eventId: event.id,
      at: CALLED_AT,
      sortKey: `${CALLED_AT}#${event.position.commit.toString().padStart(20, '0')}`,
      kind: 'activity',
      type: 'ActivityLogged',
      summary: 'call (outbound): Pricing call — Wants a quote',
      actorId: REP,
      streamName: `activity-${ACTIVITY_ID}`,
      revision: 0,
      accountId: ACCOUNT_ID,
      opportunityId: OPPORTUNITY_ID,
      quoteId: null,
      orderId: null,
      taskId: null,
      activityId: ACTIVITY_ID,
      contactId: CONTACT_ID,
      details: { kind: 'call', direction: 'outbound', durationMinutes: 25, outcome: 'Wants a quote', nextStep: null },
    });
  });

  it('places an activity written with an offset at its UTC instant, so that entries sort in time order', async () => {
    const entry = await project(activityLogged({ occurredAt: '2027-03-01T12:30+02:00' }));
    expect(entry.at).toBe(CALLED_AT);
  });

  it('places any other entry at the time the event was recorded', async () => {
    const entry = await project(quoteDrafted());
    expect(entry.at).toBe(RECORDED_AT);
  });

  it('gives a TaskCompleted entry only its task id', async () => {
    const entry = await project(taskCompleted());
    expect(entry).toMatchObject({
      kind: 'task',
      summary: 'Task completed: Sent the deck',
      revision: 2,
      taskId: TASK_ID,
      accountId: null,
      opportunityId: null,
      quoteId: null,
      orderId: null,
      activityId: null,
      contactId: null,
      details: { outcome: 'Sent the deck' },
    });
  });

  it('gives a QuoteDrafted entry its quote and its opportunity', async () => {
    const entry = await project(quoteDrafted());
    expect(entry).toMatchObject({
      kind: 'quote',
      summary: 'Quote v1 drafted',
      quoteId: QUOTE_ID,
      opportunityId: OPPORTUNITY_ID,
      accountId: null,
      taskId: null,
      details: { version: 1, currency: 'EUR' },
    });
  });

  it('keeps the total of a quote submitted for approval, and its stream the currency the quote was drafted in', async () => {
    await project(quoteDrafted());
    const submitted = recorded(
      `quote-${QUOTE_ID}`,
      'QuoteSubmittedForApproval',
      { quoteId: QUOTE_ID, policyVersion: 'p1', reasons: ['discount-above-policy'], totals: { totalMinor: 819_570 }, linesHash: 'h', submittedAt: RECORDED_AT, submittedBy: REP },
      { revision: 1 },
    );
    expect(await project(submitted)).toMatchObject({ summary: 'Quote submitted for approval', total: { amountMinor: 819_570, currency: null } });
    expect(await readTimelines(views, [`quote-${QUOTE_ID}`])).toMatchObject([{ currency: 'EUR' }]);
  });

  it('reads a total in its stream’s currency, in that currency’s decimals, after the summary and in the details', async () => {
    await project(quoteDrafted());
    const submitted = recorded(
      `quote-${QUOTE_ID}`,
      'QuoteSubmitted',
      { quoteId: QUOTE_ID, policyVersion: 'p1', totals: { totalMinor: 819_570 }, linesHash: 'h', submittedAt: RECORDED_AT, submittedBy: REP },
      { revision: 1 },
    );
    expect(toTimelineItem(await project(submitted), 'EUR')).toMatchObject({ summary: 'Quote submitted (total 8195.70 EUR)', details: { total: { amountMinor: 819_570, currency: 'EUR' } } });
  });

  it('writes an amount its event names in the currency’s own decimals (none for JPY)', async () => {
    const won = recorded(`opportunity-${OPPORTUNITY_ID}`, 'OpportunityWon', {
      opportunityId: OPPORTUNITY_ID,
      amount: { amountMinor: 1_250_000, currency: 'JPY' },
      stageAtClose: 'negotiation',
      closedAt: RECORDED_AT,
      closedOn: '2027-03-02',
    });
    expect((await project(won)).summary).toBe('Won (1250000 JPY)');
  });

  it('keeps the personal data of a ContactAdded out of its summary and details', async () => {
    const entry = await project(contactAdded());
    expect(entry).toMatchObject({
      kind: 'contact',
      summary: 'Contact added',
      accountId: ACCOUNT_ID,
      contactId: CONTACT_ID,
    });
    expect(entry.details).toEqual({ title: 'Head of Purchasing', preferredChannel: 'email' });
    const stored = JSON.stringify(entry);
    for (const value of Object.values(PERSONAL)) expect(stored).not.toContain(value);
    expect(stored).not.toContain('personal');
  });

  it('adds nothing when an event is replayed (guarded by the stream revision)', async () => {
    const event = activityLogged();
    const once = await project(event);
    await new ProjectionApplier(views, timelineProjection).apply([event]);
    expect(await entries()).toEqual([once]);
  });

  it('writes nothing for an event the timeline does not show', async () => {
    const event = recorded(`quote-${QUOTE_ID}`, 'QuoteLineAdded', { quoteId: QUOTE_ID });
    expect(TIMELINE_EVENTS.QuoteLineAdded).toBeUndefined();
    expect(timelineProjection.handles.has('QuoteLineAdded')).toBe(false);
    expect(timelineProjection.project(event)).toEqual([]);
    await applier.apply([event]);
    expect(await views.count(TIMELINE_STREAMS)).toBe(0);
  });

  it('orders two entries of the same instant by their log position, past a change in the number of digits', async () => {
    const earlier = recorded(
      `quote-${QUOTE_ID}`,
      'QuoteDrafted',
      { quoteId: QUOTE_ID, opportunityId: OPPORTUNITY_ID, version: 1 },
      { position: 9 },
    );
    const later = recorded(`quote-${QUOTE_ID}`, 'QuoteSent', { quoteId: QUOTE_ID }, { position: 10, revision: 1 });
    await applier.apply([earlier, later]);
    const newestFirst = await entries();
    expect(newestFirst.map((entry) => [entry.eventId, entry.at])).toEqual([
      [later.id, RECORDED_AT],
      [earlier.id, RECORDED_AT],
    ]);
    expect(newestFirst[1].sortKey < newestFirst[0].sortKey).toBe(true);
  });

  describe('a stream with more shown events than a bucket holds', () => {
    const STREAM = `opportunity-${OPPORTUNITY_ID}`;
    /** Revisions 0 … 11.5 buckets' worth; every tenth is an event the timeline does not show (absent here). */
    const REVISIONS = Array.from({ length: 11 * TIMELINE_BUCKET_SIZE + TIMELINE_BUCKET_SIZE / 2 }, (_, revision) => revision).filter((revision) => revision % 10 !== 9);
    const stageChanges = (): AllEvent[] =>
      REVISIONS.map((revision) =>
        recorded(STREAM, 'OpportunityStageChanged', { opportunityId: OPPORTUNITY_ID, from: 'qualification', to: 'proposal', direction: 'forward' }, { revision }),
      );
    /** The entry each event pushes, in stream order: what one document per stream held. */
    const pushed = (events: readonly AllEvent[]): TimelineEntry[] =>
      events.map((event) => {
        const [write] = timelineProjection.project(event);
        if (write?.op !== 'upsert') throw new Error(`${event.type} pushed no entry`);
        return (write.update.$push as { entries: TimelineEntry }).entries;
      });
    /** The events by bucket, the last bucket first: documents are written out of their order. */
    const lastBucketFirst = (events: readonly AllEvent[]): AllEvent[] =>
      [...events].sort((a, b) => Math.floor(b.revision / TIMELINE_BUCKET_SIZE) - Math.floor(a.revision / TIMELINE_BUCKET_SIZE) || a.revision - b.revision);

    it('spreads them over documents of at most TIMELINE_BUCKET_SIZE entries, one per bucket of revisions', async () => {
      await applier.apply(stageChanges());
      const buckets = await views.find<TimelineBucket>(TIMELINE_STREAMS, {});
      for (const bucket of buckets) {
        expect(bucket.entries.length).toBeLessThanOrEqual(TIMELINE_BUCKET_SIZE);
        expect(bucket.entries.every((entry) => Math.floor(entry.revision / TIMELINE_BUCKET_SIZE) === bucket.bucket)).toBe(true);
      }
      expect(buckets.map((bucket) => [bucket._id, bucket.streamName, bucket.bucket]).sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual(
        Array.from({ length: 12 }, (_, bucket) => [timelineBucketId(STREAM, bucket), STREAM, bucket]),
      );
    });

    it('reads them back in stream order, as one document per stream held them, through the index on stream and bucket', async () => {
      const events = stageChanges();
      // Other streams' documents, so many that reading them all would be a scan of note.
      const others = Array.from({ length: 500 }, (_, task) => recorded(`task-${task}`, 'TaskCompleted', { taskId: `${task}`, outcome: null }));
      await applier.prepare();
      await applier.apply([...others, ...lastBucketFirst(events)]);
      const find = jest.spyOn(views, 'find');
      const timelines = await readTimelines(views, [STREAM, `quote-${QUOTE_ID}`]);
      expect(timelines).toEqual([{ streamName: STREAM, entries: pushed(events) }]);
      const [collection, filter, options] = find.mock.calls[0];
      expect(await views.explain(collection, filter, options)).toMatchObject({ index: expect.any(String), scanned: false });
    });

    it('adds nothing when events of any bucket are replayed', async () => {
      const events = stageChanges();
      await applier.apply(events);
      const before = await views.find<TimelineBucket>(TIMELINE_STREAMS, {});
      const replayed = [events[0], events[TIMELINE_BUCKET_SIZE], events.at(-2)!, events.at(-1)!];
      await new ProjectionApplier(views, timelineProjection).apply(replayed);
      expect(await views.find<TimelineBucket>(TIMELINE_STREAMS, {})).toEqual(before);
      expect((await readTimelines(views, [STREAM]))[0].entries).toEqual(pushed(events));
    });

    it('reads a total in the currency an earlier bucket named', async () => {
      const submitted = recorded(
        `quote-${QUOTE_ID}`,
        'QuoteSubmitted',
        { quoteId: QUOTE_ID, policyVersion: 'p1', totals: { totalMinor: 819_570 }, linesHash: 'h', submittedAt: RECORDED_AT, submittedBy: REP },
        { revision: TIMELINE_BUCKET_SIZE + 1 },
      );
      await applier.apply([quoteDrafted(), submitted]);
      expect(await views.count(TIMELINE_STREAMS)).toBe(2);
      const [quote] = await readTimelines(views, [`quote-${QUOTE_ID}`]);
      expect(quote.currency).toBe('EUR');
      expect(toTimelineItem(quote.entries[1], quote.currency).summary).toBe('Quote submitted (total 8195.70 EUR)');
    });
  });
});
