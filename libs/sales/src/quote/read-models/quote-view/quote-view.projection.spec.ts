import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import {
  type ApprovalPolicy,
  type QuoteCommand,
  quoteDecider, quoteEvents,
  type QuoteLine,
  quoteLinesHash,
  quoteTotals,
  ZERO_TOTALS,
} from '../../domain';
import { toQuoteResource } from './quote-resource';
import { QUOTE_VIEWS, type QuoteView } from './quote-view.document';
import { quoteViewProjection } from './quote-view.projection';

const ID = '5d0c2a4e-0000-4000-8000-00000000000a';
const REVISION_ID = '5d0c2a4e-0000-4000-8000-00000000000b';
const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const REP = 'ana';
const MANAGER = 'max';
const ACCOUNT_ID = '9c1d2e3f-0000-4000-8000-00000000000a';
const VALID_UNTIL = '2027-06-30';
const TAX_BP = 2000;

const line = (suffix: string, rest: Omit<QuoteLine, 'lineId'>): QuoteLine => ({
  lineId: `0b6d3f0e-1111-4000-8000-00000000000${suffix}`,
  ...rest,
});
const LINE_A = line('a', {
  productCode: 'GTX-PRO',
  description: 'GTX Pro licence',
  quantity: 3,
  unitPriceMinor: 12_000,
  discountBasisPoints: 1500,
});
const LINE_B = line('b', {
  productCode: 'GTX-SUP',
  description: 'Support, one year',
  quantity: 1,
  unitPriceMinor: 50_000,
  discountBasisPoints: 0,
});
const LINE_C = line('c', {
  productCode: 'GTX-TRN',
  description: 'Training day',
  quantity: 2,
  unitPriceMinor: 9_900,
  discountBasisPoints: 0,
});
const LINE_D = line('d', {
  productCode: 'GTX-INS',
  description: 'Installation',
  quantity: 1,
  unitPriceMinor: 4_500,
  discountBasisPoints: 0,
});

/** Approves automatically whatever these tests quote. */
const LENIENT: ApprovalPolicy = { version: 'quote-policy-2027-01', maxTotalMinor: 10_000_000 };
/** LINE_A's 15 % line discount and any total above 10.00 need a manager. */
const STRICT: ApprovalPolicy = { version: 'quote-policy-2027-02', maxDiscountBp: 100, maxTotalMinor: 1_000 };

/** The submission fields as they are on a draft. */
const NO_SUBMISSION = {
  submittedAt: null,
  submittedBy: null,
  linesHash: null,
  policyVersion: null,
  approvalReasons: [],
  approvedBy: null,
  approvedAt: null,
};

/** A quote command without its quote (ID unless given), time and actor, which `run` fills in. */
type Input<C> = C extends unknown ? Omit<C, 'quoteId' | 'at' | 'by'> & { readonly quoteId?: string } : never;

const newLog = () => new RecordingLog(quoteDecider, quoteEvents, (command) => `quote-${command.quoteId}`, (userId) => (userId === MANAGER ? 'manager' : 'rep'));

describe('quote-views projection', () => {
  const spec = useProjectionSpec<QuoteView, QuoteCommand, Input<QuoteCommand>>({
    projection: quoteViewProjection,
    log: newLog,
    defaults: (command) => ({ quoteId: ID, ...command }),
    by: REP,
    start: Date.UTC(2027, 0, 4, 9),
    collection: QUOTE_VIEWS,
    id: ID,
  });
  const { record, run, view, collection } = spec;
  let draftedAt: string;

  const types = (events: readonly AllEvent[]) => events.map((event) => event.type);
  const approvedQuote = async () => {
    await run({ type: 'AddLine', ...LINE_B });
    await run({ type: 'SubmitQuote', policy: LENIENT });
  };

  beforeEach(async () => {
    draftedAt = await run({
      type: 'DraftQuote',
      opportunityId: OPPORTUNITY_ID,
      accountId: ACCOUNT_ID,
      currency: 'USD',
      version: 1,
      previousQuoteId: null,
      validUntil: VALID_UNTIL,
      taxBp: TAX_BP,
    });
  });

  it('QuoteDrafted creates an empty draft with no submission, refusal or closing', async () => {
    const expected: QuoteView = {
      _id: ID,
      _revision: 0,
      opportunityId: OPPORTUNITY_ID,
      // No OpportunityOpened in this log: the owner is not known.
      ownerId: null,
      accountId: ACCOUNT_ID,
      version: 1,
      previousQuoteId: null,
      supersededByQuoteId: null,
      status: 'draft',
      currency: 'USD',
      validUntil: VALID_UNTIL,
      lineIds: [],
      lines: {},
      quoteDiscountBp: 0,
      taxBp: TAX_BP,
      totals: ZERO_TOTALS,
      draftedAt,
      draftedBy: REP,
      ...NO_SUBMISSION,
      lastRefusal: null,
      sentAt: null,
      closedAt: null,
      updatedAt: draftedAt,
    };
    expect(await view()).toEqual(expected);
  });

  it('QuoteLineAdded, QuoteLineChanged and QuoteLineRemoved keep the lines by id, in order, with the totals', async () => {
    await run({ type: 'AddLine', ...LINE_A });
    await run({ type: 'AddLine', ...LINE_B });
    await run({ type: 'AddLine', ...LINE_C });
    const changedC = { ...LINE_C, quantity: 7, discountBasisPoints: 500 };
    await run({ type: 'ChangeLine', lineId: LINE_C.lineId, quantity: 7, discountBasisPoints: 500 });
    const changed = await view();
    expect(changed.lineIds).toEqual([LINE_A.lineId, LINE_B.lineId, LINE_C.lineId]);
    expect(changed.lines).toEqual({ [LINE_A.lineId]: LINE_A, [LINE_B.lineId]: LINE_B, [LINE_C.lineId]: changedC });
    expect(changed.totals).toEqual(quoteTotals([LINE_A, LINE_B, changedC], 0, TAX_BP));

    const removedAt = await run({ type: 'RemoveLine', lineId: LINE_B.lineId });
    const removed = await view();
    expect(removed.lineIds).toEqual([LINE_A.lineId, LINE_C.lineId]);
    expect(removed.lines).toEqual({ [LINE_A.lineId]: LINE_A, [LINE_C.lineId]: changedC });
    expect(Object.keys(removed.lines)).not.toContain(LINE_B.lineId);
    expect(removed.totals).toEqual(quoteTotals([LINE_A, changedC], 0, TAX_BP));
    expect(removed).toMatchObject({ _revision: 5, updatedAt: removedAt, status: 'draft' });

    await run({ type: 'AddLine', ...LINE_D });
    const added = await view();
    expect(added.lineIds).toEqual([LINE_A.lineId, LINE_C.lineId, LINE_D.lineId]);
    expect(toQuoteResource(added)).toMatchObject({ id: ID, revision: 6, lines: [LINE_A, changedC, LINE_D] });
    expect(added.totals).toEqual(quoteTotals([LINE_A, changedC, LINE_D], 0, TAX_BP));
  });

  it('QuoteDiscountSet and QuoteTaxSet set the rate and the totals', async () => {
    await run({ type: 'AddLine', ...LINE_A });
    await run({ type: 'AddLine', ...LINE_B });
    const discountAt = await run({ type: 'SetQuoteDiscount', discountBp: 500 });
    expect(await view()).toMatchObject({
      quoteDiscountBp: 500,
      taxBp: TAX_BP,
      totals: quoteTotals([LINE_A, LINE_B], 500, TAX_BP),
      updatedAt: discountAt,
    });
    const taxAt = await run({ type: 'SetTax', taxBp: 700 });
    expect(await view()).toMatchObject({
      quoteDiscountBp: 500,
      taxBp: 700,
      totals: quoteTotals([LINE_A, LINE_B], 500, 700),
      updatedAt: taxAt,
      _revision: 4,
    });
  });

  it('QuoteSubmittedForApproval records the submission and why it waits; QuoteApproved by a manager keeps it', async () => {
    await run({ type: 'AddLine', ...LINE_A });
    const submittedAt = await run({ type: 'SubmitQuote', policy: STRICT });
    const submission = {
      submittedAt,
      submittedBy: REP,
      linesHash: quoteLinesHash({ currency: 'USD', lines: [LINE_A], quoteDiscountBp: 0, taxBp: TAX_BP }),
      policyVersion: STRICT.version,
      approvalReasons: ['discount-above-policy', 'total-above-policy'],
    };
    expect(await view()).toMatchObject({
      status: 'pending-approval',
      ...submission,
      approvedBy: null,
      approvedAt: null,
      totals: quoteTotals([LINE_A], 0, TAX_BP),
      lastRefusal: null,
      updatedAt: submittedAt,
    });

    const approvedAt = await run({ type: 'ApproveQuote' }, MANAGER);
    expect(await view()).toMatchObject({
      status: 'approved',
      ...submission,
      approvedBy: MANAGER,
      approvedAt,
      updatedAt: approvedAt,
    });
  });

  it('QuoteSubmitted within the policy, then QuoteApproved by the policy', async () => {
    await run({ type: 'AddLine', ...LINE_B });
    const recorded = record({ type: 'SubmitQuote', policy: LENIENT });
    expect(types(recorded)).toEqual(['QuoteSubmitted', 'QuoteApproved']);
    const at = recorded[0].metadata.occurredAt;
    const submission = {
      submittedAt: at,
      submittedBy: REP,
      linesHash: quoteLinesHash({ currency: 'USD', lines: [LINE_B], quoteDiscountBp: 0, taxBp: TAX_BP }),
      policyVersion: LENIENT.version,
      approvalReasons: [],
      totals: quoteTotals([LINE_B], 0, TAX_BP),
    };

    await spec.applier.apply(recorded.slice(0, 1));
    expect(await view()).toMatchObject({
      status: 'pending-approval',
      ...submission,
      approvedBy: null,
      approvedAt: null,
      _revision: 2,
    });
    await spec.applier.apply(recorded.slice(1));
    expect(await view()).toMatchObject({
      status: 'approved',
      ...submission,
      approvedBy: 'policy',
      approvedAt: at,
      _revision: 3,
    });
  });

  it('QuoteRejected sends it back to draft, clears the submission and records the refusal', async () => {
    await run({ type: 'AddLine', ...LINE_A });
    await run({ type: 'SubmitQuote', policy: STRICT });
    const rejectedAt = await run({ type: 'RejectQuote', reason: 'Discount too deep' }, MANAGER);
    expect(await view()).toMatchObject({
      status: 'draft',
      ...NO_SUBMISSION,
      lastRefusal: { kind: 'rejected', reason: 'Discount too deep', by: MANAGER, at: rejectedAt },
      lineIds: [LINE_A.lineId],
      totals: quoteTotals([LINE_A], 0, TAX_BP),
      updatedAt: rejectedAt,
    });
  });

  it('QuoteRecalled sends it back to draft, clears the submission and records who recalled it', async () => {
    await run({ type: 'AddLine', ...LINE_A });
    await run({ type: 'SubmitQuote', policy: STRICT });
    const recalledAt = await run({ type: 'RecallQuote' });
    expect(await view()).toMatchObject({
      status: 'draft',
      ...NO_SUBMISSION,
      lastRefusal: { kind: 'recalled', reason: null, by: REP, at: recalledAt },
      updatedAt: recalledAt,
    });
  });

  it('QuoteApprovalVoided (an approved quote edited) sends it back to draft and clears the submission, not the last refusal', async () => {
    await run({ type: 'AddLine', ...LINE_B });
    await run({ type: 'SubmitQuote', policy: STRICT });
    const rejectedAt = await run({ type: 'RejectQuote', reason: 'Total too high' }, MANAGER);
    await run({ type: 'SubmitQuote', policy: LENIENT });
    expect(await view()).toMatchObject({ status: 'approved', approvedBy: 'policy' });
    const recorded = record({ type: 'SetQuoteDiscount', discountBp: 200 });
    expect(types(recorded)).toEqual(['QuoteApprovalVoided', 'QuoteDiscountSet']);

    await spec.applier.apply(recorded.slice(0, 1));
    const voided = await view();
    expect(voided).toMatchObject({
      status: 'draft',
      ...NO_SUBMISSION,
      lastRefusal: { kind: 'rejected', reason: 'Total too high', by: MANAGER, at: rejectedAt },
      quoteDiscountBp: 0,
      _revision: 6,
    });
    expect(voided.updatedAt).toBe(recorded[0].metadata.occurredAt);
    await spec.applier.apply(recorded.slice(1));
    expect(await view()).toMatchObject({
      status: 'draft',
      quoteDiscountBp: 200,
      totals: quoteTotals([LINE_B], 200, TAX_BP),
    });
  });

  it('QuoteSent then QuoteAccepted: sent, then closed as accepted', async () => {
    await approvedQuote();
    const sentAt = await run({ type: 'SendQuote' });
    expect(await view()).toMatchObject({
      status: 'sent',
      sentAt,
      closedAt: null,
      approvedBy: 'policy',
      updatedAt: sentAt,
    });
    const acceptedAt = await run({ type: 'AcceptQuote' });
    expect(await view()).toMatchObject({
      status: 'accepted',
      sentAt,
      closedAt: acceptedAt,
      lastRefusal: null,
      updatedAt: acceptedAt,
    });
  });

  it('QuoteDeclined closes it and records the refusal', async () => {
    await approvedQuote();
    const sentAt = await run({ type: 'SendQuote' });
    const declinedAt = await run({ type: 'DeclineQuote', reason: 'Chose a competitor' });
    expect(await view()).toMatchObject({
      status: 'declined',
      sentAt,
      closedAt: declinedAt,
      lastRefusal: { kind: 'declined', reason: 'Chose a competitor', by: REP, at: declinedAt },
    });
  });

  it('QuoteExpired closes it when its validity has passed', async () => {
    await approvedQuote();
    await run({ type: 'SendQuote' });
    const expiredAt = await run({ type: 'ExpireQuote' }, 'system:quote-expiry', '2027-07-01T00:05:00.000Z');
    expect(await view()).toMatchObject({
      status: 'expired',
      closedAt: expiredAt,
      validUntil: VALID_UNTIL,
      lastRefusal: null,
    });
  });

  it('QuoteSuperseded closes it and names the revision', async () => {
    await approvedQuote();
    await run({ type: 'SendQuote' });
    const supersededAt = await run({ type: 'ReviseQuote', newQuoteId: REVISION_ID });
    expect(await view()).toMatchObject({
      status: 'superseded',
      supersededByQuoteId: REVISION_ID,
      closedAt: supersededAt,
    });
  });

  it('QuoteDrafted for a revision names the previous version; the copied lines follow as QuoteLineAdded', async () => {
    const revisedAt = await run({
      type: 'DraftQuote',
      quoteId: REVISION_ID,
      opportunityId: OPPORTUNITY_ID,
      currency: 'USD',
      version: 2,
      previousQuoteId: ID,
      validUntil: VALID_UNTIL,
      taxBp: TAX_BP,
      copyOf: { lines: [LINE_A, LINE_B], quoteDiscountBp: 300 },
    });
    expect(types(spec.log.all.filter((event) => event.streamName === `quote-${REVISION_ID}`))).toEqual([
      'QuoteDrafted',
      'QuoteLineAdded',
      'QuoteLineAdded',
      'QuoteDiscountSet',
    ]);
    expect(await view(REVISION_ID)).toMatchObject({
      _revision: 3,
      version: 2,
      previousQuoteId: ID,
      supersededByQuoteId: null,
      status: 'draft',
      lineIds: [LINE_A.lineId, LINE_B.lineId],
      lines: { [LINE_A.lineId]: LINE_A, [LINE_B.lineId]: LINE_B },
      quoteDiscountBp: 300,
      totals: quoteTotals([LINE_A, LINE_B], 300, TAX_BP),
      draftedAt: revisedAt,
    });
    expect((await view()).version).toBe(1);
  });

  it('QuoteMarkedPrimary changes nothing but updatedAt and the revision', async () => {
    await approvedQuote();
    await run({ type: 'SendQuote' });
    const before = await view();
    expect(before.status).toBe('sent');
    const markedAt = await run({ type: 'MarkQuotePrimary' });
    expect(await view()).toEqual({ ...before, _revision: before._revision + 1, updatedAt: markedAt });
  });

  describe('replays', () => {
    /** Two quotes: the first edited, approved, sent and revised; the revision drafted as its copy and marked primary. */
    const history = async () => {
      await run({ type: 'AddLine', ...LINE_A });
      await run({ type: 'AddLine', ...LINE_B });
      await run({ type: 'AddLine', ...LINE_C });
      await run({ type: 'ChangeLine', lineId: LINE_A.lineId, quantity: 5 });
      await run({ type: 'RemoveLine', lineId: LINE_B.lineId });
      await run({ type: 'SetQuoteDiscount', discountBp: 300 });
      await run({ type: 'SubmitQuote', policy: STRICT });
      await run({ type: 'RejectQuote', reason: 'Too deep' }, MANAGER);
      await run({ type: 'SubmitQuote', policy: STRICT });
      await run({ type: 'ApproveQuote' }, MANAGER);
      await run({ type: 'SendQuote' });
      await run({ type: 'ReviseQuote', newQuoteId: REVISION_ID });
      const { lineIds, lines, quoteDiscountBp } = await view();
      await run({
        type: 'DraftQuote',
        quoteId: REVISION_ID,
        opportunityId: OPPORTUNITY_ID,
        currency: 'USD',
        version: 2,
        previousQuoteId: ID,
        validUntil: VALID_UNTIL,
        taxBp: TAX_BP,
        copyOf: { lines: lineIds.map((lineId) => lines[lineId]), quoteDiscountBp },
      });
      await run({ type: 'RemoveLine', quoteId: REVISION_ID, lineId: LINE_C.lineId });
      await run({ type: 'MarkQuotePrimary', quoteId: REVISION_ID });
    };

    it('replaying the whole history twice changes nothing (writes are guarded by the stream revision)', async () => {
      await history();
      const once = await collection();
      expect(once.map((quote) => [quote._id, quote.status, quote.lineIds.length])).toEqual([
        [ID, 'superseded', 2],
        [REVISION_ID, 'draft', 1],
      ]);

      await spec.expectRedeliveriesChangeNothing(once, 3, 6);
    });

    it('ignores an event older than the document, or of its revision, and applies the next one', async () => {
      await approvedQuote();
      const before = await view();
      expect(before._revision).toBe(3);
      const next = spec.log.all.length + 1;
      const stale = (revision: number, type: string, data: object): AllEvent => ({
        ...spec.log.all[revision],
        id: `stale-${revision}`,
        type,
        data,
        position: positionOf(next + revision),
      });
      await spec.applier.apply([
        stale(1, 'QuoteLineAdded', { quoteId: ID, line: { ...LINE_B, quantity: 99 }, totals: ZERO_TOTALS }),
        stale(2, 'QuoteRejected', {
          quoteId: ID,
          reason: 'late',
          rejectedAt: '2027-01-01T00:00:00.000Z',
          rejectedBy: MANAGER,
        }),
        stale(3, 'QuoteRecalled', { quoteId: ID, recalledAt: '2027-01-01T00:00:00.000Z', recalledBy: REP }),
      ]);
      expect(await view()).toEqual(before);

      const sentAt = await run({ type: 'SendQuote' });
      expect(await view()).toMatchObject({ _revision: 4, status: 'sent', sentAt });
    });
  });
});
