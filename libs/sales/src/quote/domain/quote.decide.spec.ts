import { fold } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { ApprovalPolicy, DraftQuote, QuoteCommand } from './quote.commands';
import { quoteDecider } from './quote.decide';
import type {
  QuoteApprovalVoided,
  QuoteApproved,
  QuoteDeclined,
  QuoteDrafted,
  QuoteEvent,
  QuoteExpired,
  QuoteLineAdded,
  QuoteSent,
  QuoteSubmitted,
  QuoteSubmittedForApproval,
  QuoteSuperseded,
} from './quote.events';
import { type QuoteLine, quoteLinesHash, quoteTotals } from '../../pricing';

const spec = deciderSpec(quoteDecider);

const ID = 'quote-1';
const DRAFTED_AT = '2026-03-10T09:00:00.000Z';
const AT = '2026-03-12T14:30:00.000Z';
const REP = 'user-rep';
const MANAGER = 'user-manager';
const VALID_UNTIL = '2026-04-30';

const base = { quoteId: ID, at: AT, by: REP };

const line1: QuoteLine = {
  lineId: 'line-1',
  productCode: 'GTX-PRO',
  description: 'GTX Pro licence',
  quantity: 3,
  unitPriceMinor: 333,
  discountBasisPoints: 1000,
};
const line2: QuoteLine = {
  lineId: 'line-2',
  productCode: 'GTX-SUP',
  description: 'Support, one year',
  quantity: 1,
  unitPriceMinor: 50_000,
  discountBasisPoints: 0,
};

const draftCommand = (overrides: Partial<Omit<DraftQuote, 'type'>> = {}): DraftQuote => ({
  type: 'DraftQuote',
  quoteId: ID,
  opportunityId: 'opp-1',
  currency: 'USD',
  version: 1,
  previousQuoteId: null,
  validUntil: VALID_UNTIL,
  taxBp: 2000,
  at: DRAFTED_AT,
  by: REP,
  ...overrides,
});

const drafted = (overrides: Partial<QuoteDrafted['data']> = {}): QuoteDrafted => ({
  type: 'QuoteDrafted',
  data: {
    quoteId: ID,
    opportunityId: 'opp-1',
    accountId: null,
    currency: 'USD',
    version: 1,
    previousQuoteId: null,
    validUntil: VALID_UNTIL,
    taxBp: 2000,
    draftedAt: DRAFTED_AT,
    draftedBy: REP,
    ...overrides,
  },
});

const lineAdded = (line: QuoteLine, linesSoFar: readonly QuoteLine[]): QuoteLineAdded => ({
  type: 'QuoteLineAdded',
  data: { quoteId: ID, line, totals: quoteTotals([...linesSoFar, line], 0, 2000) },
});

/** Two lines, 10 % discount on the first: effective discount 100 / 50999 ≈ 20 bp. */
const draftWithLines: QuoteEvent[] = [drafted(), lineAdded(line1, []), lineAdded(line2, [line1])];
const TOTALS = quoteTotals([line1, line2], 0, 2000);
const HASH = quoteLinesHash({ currency: 'USD', lines: [line1, line2], quoteDiscountBp: 0, taxBp: 2000 });

const policy: ApprovalPolicy = { version: 'policy-2026-01', maxDiscountBp: 1000, maxTotalMinor: 10_000_000 };

const submittedForApproval: QuoteSubmittedForApproval = {
  type: 'QuoteSubmittedForApproval',
  data: {
    quoteId: ID,
    policyVersion: policy.version,
    reasons: ['total-above-policy'],
    totals: TOTALS,
    linesHash: HASH,
    submittedAt: DRAFTED_AT,
    submittedBy: REP,
  },
};
const submitted: QuoteSubmitted = {
  type: 'QuoteSubmitted',
  data: {
    quoteId: ID,
    policyVersion: policy.version,
    totals: TOTALS,
    linesHash: HASH,
    submittedAt: DRAFTED_AT,
    submittedBy: REP,
  },
};
const autoApproved: QuoteApproved = {
  type: 'QuoteApproved',
  data: {
    quoteId: ID,
    approvedBy: 'policy',
    automatic: true,
    policyVersion: policy.version,
    linesHash: HASH,
    approvedAt: DRAFTED_AT,
  },
};
const sent: QuoteSent = { type: 'QuoteSent', data: { quoteId: ID, sentAt: DRAFTED_AT, sentBy: REP } };
const declined: QuoteDeclined = {
  type: 'QuoteDeclined',
  data: { quoteId: ID, reason: 'Too expensive', declinedAt: DRAFTED_AT, declinedBy: REP },
};
const expired: QuoteExpired = {
  type: 'QuoteExpired',
  data: { quoteId: ID, validUntil: VALID_UNTIL, expiredAt: '2026-05-01T00:00:00.000Z' },
};
const superseded: QuoteSuperseded = {
  type: 'QuoteSuperseded',
  data: { quoteId: ID, byQuoteId: 'quote-2', supersededAt: DRAFTED_AT, supersededBy: REP },
};
const voided: QuoteApprovalVoided = {
  type: 'QuoteApprovalVoided',
  data: { quoteId: ID, voidedAt: AT, voidedBy: REP },
};

const pending: QuoteEvent[] = [...draftWithLines, submittedForApproval];
const approved: QuoteEvent[] = [...draftWithLines, submitted, autoApproved];
const sentQuote: QuoteEvent[] = [...approved, sent];
const declinedQuote: QuoteEvent[] = [...sentQuote, declined];
const expiredQuote: QuoteEvent[] = [...sentQuote, expired];
const supersededQuote: QuoteEvent[] = [...sentQuote, superseded];
const acceptedQuote: QuoteEvent[] = [
  ...sentQuote,
  {
    type: 'QuoteAccepted',
    data: {
      quoteId: ID,
      opportunityId: 'opp-1',
      version: 1,
      currency: 'USD',
      lines: [line1, line2],
      quoteDiscountBp: 0,
      taxBp: 2000,
      totals: TOTALS,
      acceptedAt: DRAFTED_AT,
      acceptedBy: 'customer-contact',
    },
  },
];

const statusAfter = (events: readonly QuoteEvent[]): string => fold(quoteDecider, events).status;

describe('the fixtures', () => {
  it.each([
    ['draft', draftWithLines],
    ['pending-approval', pending],
    ['approved', approved],
    ['sent', sentQuote],
    ['accepted', acceptedQuote],
    ['declined', declinedQuote],
    ['expired', expiredQuote],
    ['superseded', supersededQuote],
  ] as const)('fold to %s', (status, events) => {
    expect(statusAfter(events)).toBe(status);
  });
});

describe('DraftQuote', () => {
  it('drafts a new quote', () => {
    spec.given([]).when(draftCommand()).then([drafted()]);
  });

  it('records the account the quote is addressed to, and keeps it in the state', () => {
    spec
      .given([])
      .when(draftCommand({ accountId: 'acc-1' }))
      .then([drafted({ accountId: 'acc-1' })]);
    expect(fold(quoteDecider, [drafted({ accountId: 'acc-1' })])).toMatchObject({ accountId: 'acc-1' });
  });

  it('drafts a revision with version + 1 and the previous quote', () => {
    spec
      .given([])
      .when(draftCommand({ version: 2, previousQuoteId: 'quote-0' }))
      .then([drafted({ version: 2, previousQuoteId: 'quote-0' })]);
  });

  it('drafts a revision as a copy of the previous content, line by line, then the discount', () => {
    spec
      .given([])
      .when(
        draftCommand({
          version: 2,
          previousQuoteId: 'quote-0',
          copyOf: { lines: [line1, line2], quoteDiscountBp: 500 },
        }),
      )
      .then([
        drafted({ version: 2, previousQuoteId: 'quote-0' }),
        lineAdded(line1, []),
        lineAdded(line2, [line1]),
        {
          type: 'QuoteDiscountSet',
          data: { quoteId: ID, discountBp: 500, totals: quoteTotals([line1, line2], 500, 2000) },
        },
      ]);
  });

  it('refuses a copy with the same line twice', () => {
    spec
      .given([])
      .when(
        draftCommand({ version: 2, previousQuoteId: 'quote-0', copyOf: { lines: [line1, line1], quoteDiscountBp: 0 } }),
      )
      .thenFails('line-already-exists');
  });

  it('accepts a quote valid only on the day it is drafted', () => {
    spec
      .given([])
      .when(draftCommand({ validUntil: '2026-03-10' }))
      .then([drafted({ validUntil: '2026-03-10' })]);
  });

  it('refuses a quote that already exists', () => {
    spec.given([drafted()]).when(draftCommand()).thenFails('quote-already-exists');
  });

  it('refuses a currency sent as an array, which a pattern test would read as its text', () => {
    spec.given([]).when(draftCommand({ currency: JSON.parse('["USD"]') as string })).thenFails('invalid-currency');
  });

  it.each(['usd', 'US', 'EURO', ''])('refuses the currency %j', (currency) => {
    spec.given([]).when(draftCommand({ currency })).thenFails('invalid-currency');
  });

  it.each([
    [1, 'quote-0'],
    [2, null],
    [0, null],
    [1.5, null],
  ])('refuses version %p with previous quote %p', (version, previousQuoteId) => {
    spec.given([]).when(draftCommand({ version, previousQuoteId })).thenFails('invalid-quote-version');
  });

  it.each(['2026-02-30', '2026-13-01', '30/04/2026', '2026-4-30'])('refuses validUntil %j', (validUntil) => {
    spec.given([]).when(draftCommand({ validUntil })).thenFails('invalid-valid-until');
  });

  it('accepts 29 February in a leap year only', () => {
    spec
      .given([])
      .when(draftCommand({ validUntil: '2028-02-29' }))
      .then([drafted({ validUntil: '2028-02-29' })]);
    spec
      .given([])
      .when(draftCommand({ validUntil: '2027-02-29' }))
      .thenFails('invalid-valid-until');
  });

  it('refuses validUntil before the day it is drafted', () => {
    spec
      .given([])
      .when(draftCommand({ validUntil: '2026-03-09' }))
      .thenFails('valid-until-in-the-past');
  });

  it.each([-1, 10001, 19.6])('refuses the tax rate %p', (taxBp) => {
    spec.given([]).when(draftCommand({ taxBp })).thenFails('invalid-tax-rate');
  });
});

describe('any command but DraftQuote on a quote that does not exist', () => {
  const commands: QuoteCommand[] = [
    { type: 'AddLine', ...base, ...line1 },
    { type: 'ChangeLine', ...base, lineId: 'line-1', quantity: 2 },
    { type: 'RemoveLine', ...base, lineId: 'line-1' },
    { type: 'SetQuoteDiscount', ...base, discountBp: 500 },
    { type: 'SetTax', ...base, taxBp: 1900 },
    { type: 'SubmitQuote', ...base, policy },
    { type: 'ApproveQuote', ...base, linesHash: HASH },
    { type: 'RejectQuote', ...base, reason: 'No' },
    { type: 'RecallQuote', ...base },
    { type: 'SendQuote', ...base },
    { type: 'AcceptQuote', ...base },
    { type: 'DeclineQuote', ...base, reason: 'No' },
    { type: 'ExpireQuote', ...base },
    { type: 'ReviseQuote', ...base, newQuoteId: 'quote-2' },
    { type: 'MarkQuotePrimary', ...base },
  ];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('quote-not-found');
  });
});

describe('any command on a superseded quote', () => {
  const commands: QuoteCommand[] = [
    { type: 'AddLine', ...base, ...line1, lineId: 'line-3' },
    { type: 'SubmitQuote', ...base, policy },
    { type: 'SendQuote', ...base },
    { type: 'DeclineQuote', ...base, reason: 'No' },
    { type: 'ReviseQuote', ...base, newQuoteId: 'quote-3' },
    { type: 'MarkQuotePrimary', ...base },
  ];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given(supersededQuote).when(command).thenFails('quote-superseded');
  });
});

describe('AddLine', () => {
  it('adds a line with the totals after it', () => {
    spec
      .given([drafted()])
      .when({ type: 'AddLine', ...base, ...line1 })
      .then([lineAdded(line1, [])]);
  });

  it('adds a second line; the totals cover both', () => {
    spec
      .given([drafted(), lineAdded(line1, [])])
      .when({ type: 'AddLine', ...base, ...line2 })
      .then([lineAdded(line2, [line1])]);
  });

  it('refuses a line id already used', () => {
    spec
      .given([drafted(), lineAdded(line1, [])])
      .when({ type: 'AddLine', ...base, ...line2, lineId: 'line-1' })
      .thenFails('line-already-exists');
  });

  it.each([
    [{ productCode: '  ' }, 'product-code-required'],
    [{ quantity: 0 }, 'invalid-quantity'],
    [{ unitPriceMinor: -5 }, 'invalid-unit-price'],
    [{ discountBasisPoints: 12000 }, 'invalid-discount'],
    [{ quantity: 2, unitPriceMinor: Number.MAX_SAFE_INTEGER }, 'amount-too-large'],
  ])('refuses %p with %s', (change, code) => {
    spec
      .given([drafted()])
      .when({ type: 'AddLine', ...base, ...line1, ...change })
      .thenFails(code);
  });

  it('voids the approval of an approved quote, then adds the line, and the quote is a draft again', () => {
    const line3 = { ...line1, lineId: 'line-3' };
    const events: QuoteEvent[] = [
      voided,
      {
        type: 'QuoteLineAdded',
        data: { quoteId: ID, line: line3, totals: quoteTotals([line1, line2, line3], 0, 2000) },
      },
    ];
    spec
      .given(approved)
      .when({ type: 'AddLine', ...base, ...line3 })
      .then(events);
    expect(statusAfter([...approved, ...events])).toBe('draft');
  });

  it.each([
    ['pending-approval', pending],
    ['sent', sentQuote],
    ['accepted', acceptedQuote],
    ['declined', declinedQuote],
    ['expired', expiredQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'AddLine', ...base, ...line1, lineId: 'line-3' })
      .thenFails('quote-not-editable');
  });
});

describe('ChangeLine', () => {
  it('records the whole line after the change and the new totals', () => {
    const changed = { ...line1, quantity: 5, discountBasisPoints: 1500 };
    spec
      .given(draftWithLines)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-1', quantity: 5, discountBasisPoints: 1500 })
      .then([
        {
          type: 'QuoteLineChanged',
          data: { quoteId: ID, line: changed, totals: quoteTotals([changed, line2], 0, 2000) },
        },
      ]);
  });

  it('can change the unit price', () => {
    const changed = { ...line2, unitPriceMinor: 45_000 };
    spec
      .given(draftWithLines)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-2', unitPriceMinor: 45_000 })
      .then([
        {
          type: 'QuoteLineChanged',
          data: { quoteId: ID, line: changed, totals: quoteTotals([line1, changed], 0, 2000) },
        },
      ]);
  });

  it('records nothing when nothing differs, and does not void an approval for it', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-1', quantity: 3 })
      .then([]);
    spec
      .given(approved)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-1' })
      .then([]);
  });

  it('voids the approval of an approved quote first', () => {
    const changed = { ...line1, quantity: 4 };
    spec
      .given(approved)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-1', quantity: 4 })
      .then([
        voided,
        {
          type: 'QuoteLineChanged',
          data: { quoteId: ID, line: changed, totals: quoteTotals([changed, line2], 0, 2000) },
        },
      ]);
  });

  it('refuses an unknown line', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-9', quantity: 4 })
      .thenFails('line-not-found');
  });

  it.each([
    [{ quantity: -1 }, 'invalid-quantity'],
    [{ unitPriceMinor: 1.5 }, 'invalid-unit-price'],
    [{ discountBasisPoints: -1 }, 'invalid-discount'],
  ])('refuses %p with %s', (change, code) => {
    spec
      .given(draftWithLines)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-1', ...change })
      .thenFails(code);
  });

  it('refuses a sent quote', () => {
    spec
      .given(sentQuote)
      .when({ type: 'ChangeLine', ...base, lineId: 'line-1', quantity: 4 })
      .thenFails('quote-not-editable');
  });
});

describe('RemoveLine', () => {
  it('removes a line with the totals after it', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'RemoveLine', ...base, lineId: 'line-1' })
      .then([
        { type: 'QuoteLineRemoved', data: { quoteId: ID, lineId: 'line-1', totals: quoteTotals([line2], 0, 2000) } },
      ]);
  });

  it('voids the approval of an approved quote first', () => {
    spec
      .given(approved)
      .when({ type: 'RemoveLine', ...base, lineId: 'line-2' })
      .then([
        voided,
        { type: 'QuoteLineRemoved', data: { quoteId: ID, lineId: 'line-2', totals: quoteTotals([line1], 0, 2000) } },
      ]);
  });

  it('refuses an unknown line', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'RemoveLine', ...base, lineId: 'line-9' })
      .thenFails('line-not-found');
  });

  it('refuses a quote pending approval', () => {
    spec
      .given(pending)
      .when({ type: 'RemoveLine', ...base, lineId: 'line-1' })
      .thenFails('quote-not-editable');
  });
});

describe('SetQuoteDiscount', () => {
  it('sets the quote-level discount with the new totals', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'SetQuoteDiscount', ...base, discountBp: 750 })
      .then([
        {
          type: 'QuoteDiscountSet',
          data: { quoteId: ID, discountBp: 750, totals: quoteTotals([line1, line2], 750, 2000) },
        },
      ]);
  });

  it('records nothing for the same discount', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'SetQuoteDiscount', ...base, discountBp: 0 })
      .then([]);
  });

  it('voids the approval of an approved quote first', () => {
    spec
      .given(approved)
      .when({ type: 'SetQuoteDiscount', ...base, discountBp: 100 })
      .then([
        voided,
        {
          type: 'QuoteDiscountSet',
          data: { quoteId: ID, discountBp: 100, totals: quoteTotals([line1, line2], 100, 2000) },
        },
      ]);
  });

  it.each([-1, 10001, 2.5])('refuses %p bp', (discountBp) => {
    spec
      .given(draftWithLines)
      .when({ type: 'SetQuoteDiscount', ...base, discountBp })
      .thenFails('invalid-discount');
  });

  it('refuses an accepted quote', () => {
    spec
      .given(acceptedQuote)
      .when({ type: 'SetQuoteDiscount', ...base, discountBp: 100 })
      .thenFails('quote-not-editable');
  });
});

describe('SetTax', () => {
  it('sets the tax rate with the new totals', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'SetTax', ...base, taxBp: 1900 })
      .then([
        { type: 'QuoteTaxSet', data: { quoteId: ID, taxBp: 1900, totals: quoteTotals([line1, line2], 0, 1900) } },
      ]);
  });

  it('records nothing for the same rate', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'SetTax', ...base, taxBp: 2000 })
      .then([]);
  });

  it('voids the approval of an approved quote first', () => {
    spec
      .given(approved)
      .when({ type: 'SetTax', ...base, taxBp: 0 })
      .then([
        voided,
        { type: 'QuoteTaxSet', data: { quoteId: ID, taxBp: 0, totals: quoteTotals([line1, line2], 0, 0) } },
      ]);
  });

  it('refuses a rate above 100 %', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'SetTax', ...base, taxBp: 10001 })
      .thenFails('invalid-tax-rate');
  });

  it('refuses a declined quote', () => {
    spec
      .given(declinedQuote)
      .when({ type: 'SetTax', ...base, taxBp: 0 })
      .thenFails('quote-not-editable');
  });
});

describe('SubmitQuote', () => {
  const submitAt = { ...base, at: DRAFTED_AT };

  it('approves automatically within the policy: QuoteSubmitted then QuoteApproved by "policy"', () => {
    const events = [submitted, autoApproved];
    spec
      .given(draftWithLines)
      .when({ type: 'SubmitQuote', ...submitAt, policy })
      .then(events);
    expect(statusAfter([...draftWithLines, ...events])).toBe('approved');
  });

  it('uses a maximum discount of 1000 bp when the policy gives none', () => {
    const tenPercent: QuoteEvent[] = [
      ...draftWithLines,
      {
        type: 'QuoteDiscountSet',
        data: { quoteId: ID, discountBp: 1000, totals: quoteTotals([line1, line2], 1000, 2000) },
      },
    ];
    // 100 + 5090 = 5190 of 50999 gross → 1018 bp, above 1000.
    const produced = quoteDecider.decide(
      { type: 'SubmitQuote', ...submitAt, policy: { version: 'p', maxTotalMinor: 10_000_000 } },
      fold(quoteDecider, tenPercent),
    );
    expect(produced.map((e) => e.type)).toEqual(['QuoteSubmittedForApproval']);
    const nine: QuoteEvent[] = [
      ...draftWithLines,
      {
        type: 'QuoteDiscountSet',
        data: { quoteId: ID, discountBp: 900, totals: quoteTotals([line1, line2], 900, 2000) },
      },
    ];
    // 100 + 4581 = 4681 of 50999 → 918 bp, within 1000.
    const auto = quoteDecider.decide(
      { type: 'SubmitQuote', ...submitAt, policy: { version: 'p', maxTotalMinor: 10_000_000 } },
      fold(quoteDecider, nine),
    );
    expect(auto.map((e) => e.type)).toEqual(['QuoteSubmitted', 'QuoteApproved']);
  });

  it('allows exactly the maximum total and discount', () => {
    spec
      .given(draftWithLines)
      .when({
        type: 'SubmitQuote',
        ...submitAt,
        policy: { ...policy, maxTotalMinor: TOTALS.totalMinor, maxDiscountBp: TOTALS.effectiveDiscountBp },
      })
      .then([submitted, autoApproved]);
  });

  it('waits for approval above the maximum total', () => {
    const events = [submittedForApproval];
    spec
      .given(draftWithLines)
      .when({ type: 'SubmitQuote', ...submitAt, policy: { ...policy, maxTotalMinor: TOTALS.totalMinor - 1 } })
      .then(events);
    expect(statusAfter([...draftWithLines, ...events])).toBe('pending-approval');
  });

  it('waits for approval above the maximum discount, naming both reasons when both apply', () => {
    spec
      .given(draftWithLines)
      .when({
        type: 'SubmitQuote',
        ...submitAt,
        policy: { version: policy.version, maxDiscountBp: 0, maxTotalMinor: 0 },
      })
      .then([
        {
          ...submittedForApproval,
          data: { ...submittedForApproval.data, reasons: ['discount-above-policy', 'total-above-policy'] },
        },
      ]);
  });

  it('refuses a quote without lines', () => {
    spec
      .given([drafted()])
      .when({ type: 'SubmitQuote', ...base, policy })
      .thenFails('quote-has-no-lines');
  });

  it.each([
    ['a blank version', { ...policy, version: ' ' }],
    ['a maximum discount above 100 %', { ...policy, maxDiscountBp: 10001 }],
    ['a negative maximum total', { ...policy, maxTotalMinor: -1 }],
  ])('refuses a policy with %s', (_label, badPolicy) => {
    spec
      .given(draftWithLines)
      .when({ type: 'SubmitQuote', ...base, policy: badPolicy })
      .thenFails('invalid-approval-policy');
  });

  it.each([
    ['pending-approval', pending],
    ['approved', approved],
    ['sent', sentQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'SubmitQuote', ...base, policy })
      .thenFails('quote-not-draft');
  });
});

describe('ApproveQuote', () => {
  it('approves what the quote holds now when no hash is given', () => {
    spec
      .given(pending)
      .when({ type: 'ApproveQuote', ...base, by: MANAGER })
      .then([
        {
          type: 'QuoteApproved',
          data: {
            quoteId: ID,
            approvedBy: MANAGER,
            automatic: false,
            policyVersion: policy.version,
            linesHash: HASH,
            approvedAt: AT,
          },
        },
      ]);
  });

  it('approves a pending quote, recording the approver and the policy it was submitted under', () => {
    const events: QuoteEvent[] = [
      {
        type: 'QuoteApproved',
        data: {
          quoteId: ID,
          approvedBy: MANAGER,
          automatic: false,
          policyVersion: policy.version,
          linesHash: HASH,
          approvedAt: AT,
        },
      },
    ];
    spec
      .given(pending)
      .when({ type: 'ApproveQuote', ...base, by: MANAGER, linesHash: HASH })
      .then(events);
    expect(statusAfter([...pending, ...events])).toBe('approved');
  });

  it('refuses the submitter as approver', () => {
    spec
      .given(pending)
      .when({ type: 'ApproveQuote', ...base, by: REP, linesHash: HASH })
      .thenFails('approver-is-submitter');
  });

  it('refuses a hash of other lines than the current ones', () => {
    const staleHash = quoteLinesHash({ currency: 'USD', lines: [line1], quoteDiscountBp: 0, taxBp: 2000 });
    spec
      .given(pending)
      .when({ type: 'ApproveQuote', ...base, by: MANAGER, linesHash: staleHash })
      .thenFails('approval-hash-mismatch');
  });

  it('refuses after a rejection, an edit and a new submission, when the approver reviewed the old lines', () => {
    const changed = { ...line2, unitPriceMinor: 1_000_000 };
    const history: QuoteEvent[] = [
      ...pending,
      { type: 'QuoteRejected', data: { quoteId: ID, reason: 'Check price', rejectedAt: AT, rejectedBy: MANAGER } },
      {
        type: 'QuoteLineChanged',
        data: { quoteId: ID, line: changed, totals: quoteTotals([line1, changed], 0, 2000) },
      },
      submittedForApproval,
    ];
    spec
      .given(history)
      .when({ type: 'ApproveQuote', ...base, by: MANAGER, linesHash: HASH })
      .thenFails('approval-hash-mismatch');
  });

  it.each([
    ['draft', draftWithLines],
    ['approved', approved],
    ['sent', sentQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'ApproveQuote', ...base, by: MANAGER, linesHash: HASH })
      .thenFails('quote-not-pending-approval');
  });
});

describe('RejectQuote', () => {
  it('sends a pending quote back to draft', () => {
    const events: QuoteEvent[] = [
      {
        type: 'QuoteRejected',
        data: { quoteId: ID, reason: 'Too deep a discount', rejectedAt: AT, rejectedBy: MANAGER },
      },
    ];
    spec
      .given(pending)
      .when({ type: 'RejectQuote', ...base, by: MANAGER, reason: 'Too deep a discount' })
      .then(events);
    expect(statusAfter([...pending, ...events])).toBe('draft');
  });

  it('refuses the submitter (who recalls instead)', () => {
    spec
      .given(pending)
      .when({ type: 'RejectQuote', ...base, by: REP, reason: 'Oops' })
      .thenFails('approver-is-submitter');
  });

  it('refuses a blank reason', () => {
    spec
      .given(pending)
      .when({ type: 'RejectQuote', ...base, by: MANAGER, reason: '  ' })
      .thenFails('reason-required');
  });

  it('refuses a quote that is not pending', () => {
    spec
      .given(approved)
      .when({ type: 'RejectQuote', ...base, by: MANAGER, reason: 'No' })
      .thenFails('quote-not-pending-approval');
  });
});

describe('RecallQuote', () => {
  it('lets the submitter take a pending quote back to draft', () => {
    const events: QuoteEvent[] = [{ type: 'QuoteRecalled', data: { quoteId: ID, recalledAt: AT, recalledBy: REP } }];
    spec
      .given(pending)
      .when({ type: 'RecallQuote', ...base })
      .then(events);
    expect(statusAfter([...pending, ...events])).toBe('draft');
  });

  it('refuses anyone but the submitter', () => {
    spec
      .given(pending)
      .when({ type: 'RecallQuote', ...base, by: MANAGER })
      .thenFails('only-submitter-can-recall');
  });

  it('refuses a quote that is not pending', () => {
    spec
      .given(draftWithLines)
      .when({ type: 'RecallQuote', ...base })
      .thenFails('quote-not-pending-approval');
  });
});

describe('SendQuote', () => {
  it('sends an approved quote', () => {
    spec
      .given(approved)
      .when({ type: 'SendQuote', ...base })
      .then([{ type: 'QuoteSent', data: { quoteId: ID, sentAt: AT, sentBy: REP } }]);
  });

  it.each([
    ['draft', draftWithLines],
    ['pending-approval', pending],
    ['sent', sentQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'SendQuote', ...base })
      .thenFails('quote-not-approved');
  });

  it('refuses to send a quote past its validity', () => {
    spec
      .given(approved)
      .when({ type: 'SendQuote', ...base, at: '2026-05-01T08:00:00.000Z' })
      .thenFails('quote-expired');
  });
});

describe('AcceptQuote', () => {
  it('accepts a sent quote with what was agreed, up to the last day of validity', () => {
    const at = '2026-04-30T23:59:59.999Z';
    spec
      .given(sentQuote)
      .when({ type: 'AcceptQuote', ...base, at, by: 'customer-contact' })
      .then([
        {
          type: 'QuoteAccepted',
          data: {
            quoteId: ID,
            opportunityId: 'opp-1',
            version: 1,
            currency: 'USD',
            lines: [line1, line2],
            quoteDiscountBp: 0,
            taxBp: 2000,
            totals: TOTALS,
            acceptedAt: at,
            acceptedBy: 'customer-contact',
          },
        },
      ]);
  });

  it('refuses a sent quote after its validUntil date', () => {
    spec
      .given(sentQuote)
      .when({ type: 'AcceptQuote', ...base, at: '2026-05-01T00:00:00.000Z' })
      .thenFails('quote-expired');
  });

  it('refuses an expired quote', () => {
    spec
      .given(expiredQuote)
      .when({ type: 'AcceptQuote', ...base })
      .thenFails('quote-expired');
  });

  it('refuses an old version that was superseded', () => {
    spec
      .given(supersededQuote)
      .when({ type: 'AcceptQuote', ...base })
      .thenFails('quote-superseded');
  });

  it.each([
    ['draft', draftWithLines],
    ['approved', approved],
    ['accepted', acceptedQuote],
    ['declined', declinedQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'AcceptQuote', ...base })
      .thenFails('quote-not-sent');
  });
});

describe('WithholdOrder', () => {
  it('records that no order follows an accepted quote whose opportunity was lost, and why', () => {
    spec
      .given(acceptedQuote)
      .when({ type: 'WithholdOrder', ...base, by: 'process:quote-accepted-to-order', reason: 'opportunity-lost' })
      .then([{ type: 'QuoteOrderWithheld', data: { quoteId: ID, opportunityId: 'opp-1', reason: 'opportunity-lost', withheldAt: AT } }]);
  });

  it('refuses a quote that was not accepted', () => {
    spec.given(sentQuote).when({ type: 'WithholdOrder', ...base, reason: 'opportunity-lost' }).thenFails('quote-not-accepted');
  });
});

describe('DeclineQuote', () => {
  it('records the reason', () => {
    spec
      .given(sentQuote)
      .when({ type: 'DeclineQuote', ...base, reason: 'Went with a competitor' })
      .then([
        {
          type: 'QuoteDeclined',
          data: { quoteId: ID, reason: 'Went with a competitor', declinedAt: AT, declinedBy: REP },
        },
      ]);
  });

  it('refuses a blank reason', () => {
    spec
      .given(sentQuote)
      .when({ type: 'DeclineQuote', ...base, reason: '' })
      .thenFails('reason-required');
  });

  it('refuses a quote that was not sent', () => {
    spec
      .given(approved)
      .when({ type: 'DeclineQuote', ...base, reason: 'No' })
      .thenFails('quote-not-sent');
  });
});

describe('ExpireQuote', () => {
  it('expires a sent quote from the day after validUntil', () => {
    spec
      .given(sentQuote)
      .when({ type: 'ExpireQuote', ...base, by: 'system', at: '2026-05-01T00:00:00.000Z' })
      .then([expired]);
  });

  it('refuses on validUntil itself', () => {
    spec
      .given(sentQuote)
      .when({ type: 'ExpireQuote', ...base, at: '2026-04-30T23:00:00.000Z' })
      .thenFails('quote-not-yet-expired');
  });

  it.each([
    ['approved', approved],
    ['accepted', acceptedQuote],
    ['expired', expiredQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'ExpireQuote', ...base, at: '2026-05-01T00:00:00.000Z' })
      .thenFails('quote-not-sent');
  });
});

describe('ReviseQuote', () => {
  it.each([
    ['sent', sentQuote],
    ['declined', declinedQuote],
  ] as const)('supersedes a %s quote, recording the new quote id', (_status, given) => {
    const events: QuoteEvent[] = [
      { type: 'QuoteSuperseded', data: { quoteId: ID, byQuoteId: 'quote-2', supersededAt: AT, supersededBy: REP } },
    ];
    spec
      .given(given)
      .when({ type: 'ReviseQuote', ...base, newQuoteId: 'quote-2' })
      .then(events);
    expect(fold(quoteDecider, [...given, ...events])).toMatchObject({
      status: 'superseded',
      supersededByQuoteId: 'quote-2',
    });
  });

  it('refuses the quote itself as its revision', () => {
    spec
      .given(sentQuote)
      .when({ type: 'ReviseQuote', ...base, newQuoteId: ID })
      .thenFails('revision-is-same-quote');
  });

  it.each([
    ['draft', draftWithLines],
    ['approved', approved],
    ['accepted', acceptedQuote],
    ['expired', expiredQuote],
  ] as const)('refuses a %s quote', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'ReviseQuote', ...base, newQuoteId: 'quote-2' })
      .thenFails('quote-not-revisable');
  });
});

describe('MarkQuotePrimary', () => {
  /** The opportunity follows the total before tax. */
  const markedPrimary = (totals: { totalMinor: number; taxMinor: number }): QuoteEvent => ({
    type: 'QuoteMarkedPrimary',
    data: {
      quoteId: ID,
      opportunityId: 'opp-1',
      currency: 'USD',
      totalMinor: totals.totalMinor,
      netMinor: totals.totalMinor - totals.taxMinor,
      markedAt: AT,
      markedBy: REP,
    },
  });

  it.each([
    ['a draft', draftWithLines],
    ['a pending quote', pending],
    ['an approved quote', approved],
    ['a sent quote', sentQuote],
    ['an accepted quote', acceptedQuote],
  ])('marks %s primary with its current total', (_name, history) => {
    spec
      .given(history)
      .when({ type: 'MarkQuotePrimary', ...base })
      .then([markedPrimary(TOTALS)]);
  });

  it('marks an empty draft primary with a zero total', () => {
    spec
      .given([drafted()])
      .when({ type: 'MarkQuotePrimary', ...base })
      .then([markedPrimary({ totalMinor: 0, taxMinor: 0 })]);
  });

  it.each([
    ['declined', declinedQuote],
    ['expired', expiredQuote],
  ])('refuses a %s quote', (_name, history) => {
    spec
      .given(history)
      .when({ type: 'MarkQuotePrimary', ...base })
      .thenFails('quote-not-in-play');
  });

  it('leaves the status as it was', () => {
    expect(statusAfter([...sentQuote, markedPrimary(TOTALS)])).toBe('sent');
  });
});

describe('evolve', () => {
  it('keeps lines in order, with their totals, through changes and removals', () => {
    const changed = { ...line1, quantity: 7 };
    const state = fold(quoteDecider, [
      ...draftWithLines,
      {
        type: 'QuoteLineChanged',
        data: { quoteId: ID, line: changed, totals: quoteTotals([changed, line2], 0, 2000) },
      },
      { type: 'QuoteLineRemoved', data: { quoteId: ID, lineId: 'line-2', totals: quoteTotals([changed], 0, 2000) } },
    ]);
    expect(state).toMatchObject({ status: 'draft', lines: [changed], totals: quoteTotals([changed], 0, 2000) });
  });

  it('ignores events on a quote that was never drafted', () => {
    expect(fold(quoteDecider, [sent])).toEqual({ status: 'initial' });
  });
});
