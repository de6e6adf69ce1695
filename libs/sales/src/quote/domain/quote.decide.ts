import { calendarDate, type Decider, exhaustive, isCalendarDate, isCurrencyCode } from '@ledger/event-sourcing/kernel';
import {
  type AcceptQuote,
  type AddLine,
  type ApproveQuote,
  type ChangeLine,
  DEFAULT_MAX_DISCOUNT_BP,
  type DeclineQuote,
  type WithholdOrder,
  type DraftQuote,
  type ExpireQuote,
  type MarkQuotePrimary,
  type QuoteCommand,
  type RecallQuote,
  type RejectQuote,
  type RemoveLine,
  type ReviseQuote,
  type SendQuote,
  type SetQuoteDiscount,
  type SetTax,
  type SubmitQuote,
} from './quote.commands';
import {
  ApprovalHashMismatchError,
  ApproverIsSubmitterError,
  InvalidApprovalPolicyError,
  InvalidCurrencyError,
  InvalidQuoteVersionError,
  InvalidValidUntilError,
  LineAlreadyExistsError,
  LineNotFoundError,
  OnlySubmitterCanRecallError,
  ProductCodeRequiredError,
  QuoteAlreadyExistsError,
  QuoteExpiredError,
  QuoteHasNoLinesError,
  QuoteNotApprovedError,
  QuoteNotDraftError,
  QuoteNotEditableError,
  QuoteNotFoundError,
  QuoteNotInPlayError,
  QuoteNotPendingApprovalError,
  QuoteNotRevisableError,
  QuoteNotAcceptedError,
  QuoteNotSentError,
  QuoteNotYetExpiredError,
  QuoteSupersededError,
  ReasonRequiredError,
  RevisionIsSameQuoteError,
  ValidUntilInThePastError,
} from './quote.errors';
import type { ApprovalReason, QuoteEvent } from './quote.events';
import {
  type ApprovedQuoteState,
  type DraftQuoteState,
  type ExistingQuoteState,
  evolve,
  initialState,
  type PendingApprovalQuoteState,
  type QuoteFacts,
  type QuoteState,
  type SentQuoteState,
} from './quote.state';
import {
  checkDiscount,
  checkQuantity,
  checkTaxRate,
  checkUnitPrice,
  FULL_BASIS_POINTS,
  netOfTax,
  type QuoteLine,
  quoteLinesHash,
  type QuoteTotals,
  quoteTotals,
} from '../../pricing';

const isBlank = (text: string): boolean => text.trim() === '';

/** Valid through the whole of `validUntil`: past it from the next calendar day of `at`. */
const isPastValidity = (at: string, validUntil: string): boolean => calendarDate(at) > validUntil;

const requireExisting = (command: QuoteCommand, state: QuoteState): ExistingQuoteState => {
  if (state.status === 'initial') throw new QuoteNotFoundError(command.quoteId);
  // A superseded quote is closed for good: every command names the quote that replaced it.
  if (state.status === 'superseded') throw new QuoteSupersededError(state.supersededByQuoteId);
  return state;
};

const requirePending = (command: QuoteCommand, state: QuoteState): PendingApprovalQuoteState => {
  const current = requireExisting(command, state);
  if (current.status !== 'pending-approval') throw new QuoteNotPendingApprovalError(current.status);
  return current;
};

const requireSent = (command: QuoteCommand, state: QuoteState): SentQuoteState => {
  const current = requireExisting(command, state);
  if (current.status !== 'sent') throw new QuoteNotSentError(current.status);
  return current;
};

/**
 * Lines, discount and tax change on a draft, or on an approved quote: then the approval is voided
 * first (QuoteApprovalVoided, back to draft) and the change follows. Anything else is refused.
 */
const edit = (
  command: QuoteCommand,
  state: QuoteState,
  change: (current: DraftQuoteState | ApprovedQuoteState) => QuoteEvent[],
): QuoteEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'draft' && current.status !== 'approved') throw new QuoteNotEditableError(current.status);
  const events = change(current);
  if (events.length === 0 || current.status === 'draft') return events;
  return [
    { type: 'QuoteApprovalVoided', data: { quoteId: current.id, voidedAt: command.at, voidedBy: command.by } },
    ...events,
  ];
};

const totalsOf = (facts: QuoteFacts, changes: Partial<Pick<QuoteFacts, 'lines' | 'quoteDiscountBp' | 'taxBp'>>) =>
  quoteTotals(
    changes.lines ?? facts.lines,
    changes.quoteDiscountBp ?? facts.quoteDiscountBp,
    changes.taxBp ?? facts.taxBp,
  );

const findLine = (facts: QuoteFacts, lineId: string): QuoteLine => {
  const line = facts.lines.find((l) => l.lineId === lineId);
  if (line === undefined) throw new LineNotFoundError(lineId);
  return line;
};

const draft = (command: DraftQuote, state: QuoteState): QuoteEvent[] => {
  if (state.status !== 'initial') throw new QuoteAlreadyExistsError(command.quoteId);
  if (!isCurrencyCode(command.currency)) throw new InvalidCurrencyError(command.currency);
  const { version, previousQuoteId } = command;
  if (!Number.isSafeInteger(version) || version < 1 || (version === 1) !== (previousQuoteId === null)) {
    throw new InvalidQuoteVersionError();
  }
  if (!isCalendarDate(command.validUntil)) throw new InvalidValidUntilError(command.validUntil);
  if (command.validUntil < calendarDate(command.at)) {
    throw new ValidUntilInThePastError(command.validUntil, calendarDate(command.at));
  }
  checkTaxRate(command.taxBp);
  const drafted: QuoteEvent = {
    type: 'QuoteDrafted',
    data: {
      quoteId: command.quoteId,
      opportunityId: command.opportunityId,
      accountId: command.accountId ?? null,
      currency: command.currency,
      version,
      previousQuoteId,
      validUntil: command.validUntil,
      taxBp: command.taxBp,
      draftedAt: command.at,
      draftedBy: command.by,
    },
  };
  return command.copyOf === undefined ? [drafted] : [drafted, ...copied(command, command.copyOf)];
};

/** The copied content as the events that would have built it, so that every reader of lines already knows them. */
const copied = (command: DraftQuote, copy: NonNullable<DraftQuote['copyOf']>): QuoteEvent[] => {
  const events: QuoteEvent[] = [];
  const lines: QuoteLine[] = [];
  for (const line of copy.lines) {
    if (lines.some((l) => l.lineId === line.lineId)) throw new LineAlreadyExistsError(line.lineId);
    lines.push(line);
    const totals = quoteTotals(lines, 0, command.taxBp);
    events.push({ type: 'QuoteLineAdded', data: { quoteId: command.quoteId, line, totals } });
  }
  if (copy.quoteDiscountBp !== 0) {
    checkDiscount(copy.quoteDiscountBp);
    const totals = quoteTotals(lines, copy.quoteDiscountBp, command.taxBp);
    events.push({ type: 'QuoteDiscountSet', data: { quoteId: command.quoteId, discountBp: copy.quoteDiscountBp, totals } });
  }
  return events;
};

const addLine = (command: AddLine, state: QuoteState): QuoteEvent[] =>
  edit(command, state, (current) => {
    if (current.lines.some((l) => l.lineId === command.lineId)) throw new LineAlreadyExistsError(command.lineId);
    if (isBlank(command.productCode)) throw new ProductCodeRequiredError();
    const line: QuoteLine = {
      lineId: command.lineId,
      productCode: command.productCode,
      description: command.description,
      quantity: command.quantity,
      unitPriceMinor: command.unitPriceMinor,
      discountBasisPoints: command.discountBasisPoints,
    };
    const totals = totalsOf(current, { lines: [...current.lines, line] });
    return [{ type: 'QuoteLineAdded', data: { quoteId: current.id, line, totals } }];
  });

const changeLine = (command: ChangeLine, state: QuoteState): QuoteEvent[] =>
  edit(command, state, (current) => {
    const before = findLine(current, command.lineId);
    if (command.quantity !== undefined) checkQuantity(command.quantity);
    if (command.unitPriceMinor !== undefined) checkUnitPrice(command.unitPriceMinor);
    if (command.discountBasisPoints !== undefined) checkDiscount(command.discountBasisPoints);
    const line: QuoteLine = {
      ...before,
      quantity: command.quantity ?? before.quantity,
      unitPriceMinor: command.unitPriceMinor ?? before.unitPriceMinor,
      discountBasisPoints: command.discountBasisPoints ?? before.discountBasisPoints,
    };
    if (
      line.quantity === before.quantity &&
      line.unitPriceMinor === before.unitPriceMinor &&
      line.discountBasisPoints === before.discountBasisPoints
    ) {
      return [];
    }
    const totals = totalsOf(current, { lines: current.lines.map((l) => (l.lineId === line.lineId ? line : l)) });
    return [{ type: 'QuoteLineChanged', data: { quoteId: current.id, line, totals } }];
  });

const removeLine = (command: RemoveLine, state: QuoteState): QuoteEvent[] =>
  edit(command, state, (current) => {
    findLine(current, command.lineId);
    const totals = totalsOf(current, { lines: current.lines.filter((l) => l.lineId !== command.lineId) });
    return [{ type: 'QuoteLineRemoved', data: { quoteId: current.id, lineId: command.lineId, totals } }];
  });

const setQuoteDiscount = (command: SetQuoteDiscount, state: QuoteState): QuoteEvent[] =>
  edit(command, state, (current) => {
    checkDiscount(command.discountBp);
    if (command.discountBp === current.quoteDiscountBp) return [];
    const totals = totalsOf(current, { quoteDiscountBp: command.discountBp });
    return [{ type: 'QuoteDiscountSet', data: { quoteId: current.id, discountBp: command.discountBp, totals } }];
  });

const setTax = (command: SetTax, state: QuoteState): QuoteEvent[] =>
  edit(command, state, (current) => {
    checkTaxRate(command.taxBp);
    if (command.taxBp === current.taxBp) return [];
    const totals = totalsOf(current, { taxBp: command.taxBp });
    return [{ type: 'QuoteTaxSet', data: { quoteId: current.id, taxBp: command.taxBp, totals } }];
  });

const approvalReasons = (totals: QuoteTotals, maxDiscountBp: number, maxTotalMinor: number): ApprovalReason[] => [
  ...(totals.effectiveDiscountBp > maxDiscountBp ? (['discount-above-policy'] as const) : []),
  ...(totals.totalMinor > maxTotalMinor ? (['total-above-policy'] as const) : []),
];

const submit = (command: SubmitQuote, state: QuoteState): QuoteEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'draft') throw new QuoteNotDraftError(current.status);
  if (current.lines.length === 0) throw new QuoteHasNoLinesError();
  const { version: policyVersion, maxTotalMinor } = command.policy;
  const maxDiscountBp = command.policy.maxDiscountBp ?? DEFAULT_MAX_DISCOUNT_BP;
  if (
    isBlank(policyVersion) ||
    !(Number.isInteger(maxDiscountBp) && maxDiscountBp >= 0 && maxDiscountBp <= FULL_BASIS_POINTS) ||
    !(Number.isSafeInteger(maxTotalMinor) && maxTotalMinor >= 0)
  ) {
    throw new InvalidApprovalPolicyError();
  }
  const totals = totalsOf(current, {});
  const linesHash = quoteLinesHash(current);
  const reasons = approvalReasons(totals, maxDiscountBp, maxTotalMinor);
  const submission = {
    quoteId: current.id,
    policyVersion,
    totals,
    linesHash,
    submittedAt: command.at,
    submittedBy: command.by,
  };
  if (reasons.length > 0) return [{ type: 'QuoteSubmittedForApproval', data: { ...submission, reasons } }];
  return [
    { type: 'QuoteSubmitted', data: submission },
    {
      type: 'QuoteApproved',
      data: {
        quoteId: current.id,
        approvedBy: 'policy',
        automatic: true,
        policyVersion,
        linesHash,
        approvedAt: command.at,
      },
    },
  ];
};

const approve = (command: ApproveQuote, state: QuoteState): QuoteEvent[] => {
  const current = requirePending(command, state);
  if (command.by === current.submittedBy) throw new ApproverIsSubmitterError();
  const linesHash = quoteLinesHash(current);
  if (command.linesHash !== undefined && command.linesHash !== linesHash) {
    throw new ApprovalHashMismatchError(linesHash, command.linesHash);
  }
  return [
    {
      type: 'QuoteApproved',
      data: {
        quoteId: current.id,
        approvedBy: command.by,
        automatic: false,
        policyVersion: current.policyVersion,
        linesHash,
        approvedAt: command.at,
      },
    },
  ];
};

const reject = (command: RejectQuote, state: QuoteState): QuoteEvent[] => {
  const current = requirePending(command, state);
  if (command.by === current.submittedBy) throw new ApproverIsSubmitterError();
  if (isBlank(command.reason)) throw new ReasonRequiredError();
  return [
    {
      type: 'QuoteRejected',
      data: { quoteId: current.id, reason: command.reason, rejectedAt: command.at, rejectedBy: command.by },
    },
  ];
};

const recall = (command: RecallQuote, state: QuoteState): QuoteEvent[] => {
  const current = requirePending(command, state);
  if (command.by !== current.submittedBy) throw new OnlySubmitterCanRecallError();
  return [{ type: 'QuoteRecalled', data: { quoteId: current.id, recalledAt: command.at, recalledBy: command.by } }];
};

const send = (command: SendQuote, state: QuoteState): QuoteEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'approved') throw new QuoteNotApprovedError(current.status);
  if (isPastValidity(command.at, current.validUntil)) throw new QuoteExpiredError(current.validUntil);
  return [{ type: 'QuoteSent', data: { quoteId: current.id, sentAt: command.at, sentBy: command.by } }];
};

const accept = (command: AcceptQuote, state: QuoteState): QuoteEvent[] => {
  const existing = requireExisting(command, state);
  if (existing.status === 'expired') throw new QuoteExpiredError(existing.validUntil);
  const current = requireSent(command, existing);
  if (isPastValidity(command.at, current.validUntil)) throw new QuoteExpiredError(current.validUntil);
  return [
    {
      type: 'QuoteAccepted',
      data: {
        quoteId: current.id,
        opportunityId: current.opportunityId,
        version: current.version,
        currency: current.currency,
        lines: current.lines,
        quoteDiscountBp: current.quoteDiscountBp,
        taxBp: current.taxBp,
        totals: current.totals,
        acceptedAt: command.at,
        acceptedBy: command.by,
      },
    },
  ];
};

const withholdOrder = (command: WithholdOrder, state: QuoteState): QuoteEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'accepted') throw new QuoteNotAcceptedError(current.status);
  return [{ type: 'QuoteOrderWithheld', data: { quoteId: current.id, opportunityId: current.opportunityId, reason: command.reason, withheldAt: command.at } }];
};

const decline = (command: DeclineQuote, state: QuoteState): QuoteEvent[] => {
  const current = requireSent(command, state);
  if (isBlank(command.reason)) throw new ReasonRequiredError();
  return [
    {
      type: 'QuoteDeclined',
      data: { quoteId: current.id, reason: command.reason, declinedAt: command.at, declinedBy: command.by },
    },
  ];
};

const expire = (command: ExpireQuote, state: QuoteState): QuoteEvent[] => {
  const current = requireSent(command, state);
  if (!isPastValidity(command.at, current.validUntil)) throw new QuoteNotYetExpiredError(current.validUntil);
  return [
    { type: 'QuoteExpired', data: { quoteId: current.id, validUntil: current.validUntil, expiredAt: command.at } },
  ];
};

const revise = (command: ReviseQuote, state: QuoteState): QuoteEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'sent' && current.status !== 'declined') throw new QuoteNotRevisableError(current.status);
  if (command.newQuoteId === current.id) throw new RevisionIsSameQuoteError();
  return [
    {
      type: 'QuoteSuperseded',
      data: { quoteId: current.id, byQuoteId: command.newQuoteId, supersededAt: command.at, supersededBy: command.by },
    },
  ];
};

/** Any quote still in play can be primary; a declined or expired one no longer speaks for the deal. */
const markPrimary = (command: MarkQuotePrimary, state: QuoteState): QuoteEvent[] => {
  const current = requireExisting(command, state);
  if (current.status === 'declined' || current.status === 'expired') throw new QuoteNotInPlayError(current.status);
  return [
    {
      type: 'QuoteMarkedPrimary',
      data: {
        quoteId: current.id,
        opportunityId: current.opportunityId,
        currency: current.currency,
        totalMinor: current.totals.totalMinor,
        netMinor: netOfTax(current.totals),
        markedAt: command.at,
        markedBy: command.by,
      },
    },
  ];
};

export const decide = (command: QuoteCommand, state: QuoteState): QuoteEvent[] => {
  switch (command.type) {
    case 'DraftQuote':
      return draft(command, state);
    case 'AddLine':
      return addLine(command, state);
    case 'ChangeLine':
      return changeLine(command, state);
    case 'RemoveLine':
      return removeLine(command, state);
    case 'SetQuoteDiscount':
      return setQuoteDiscount(command, state);
    case 'SetTax':
      return setTax(command, state);
    case 'SubmitQuote':
      return submit(command, state);
    case 'ApproveQuote':
      return approve(command, state);
    case 'RejectQuote':
      return reject(command, state);
    case 'RecallQuote':
      return recall(command, state);
    case 'SendQuote':
      return send(command, state);
    case 'AcceptQuote':
      return accept(command, state);
    case 'WithholdOrder':
      return withholdOrder(command, state);
    case 'DeclineQuote':
      return decline(command, state);
    case 'ExpireQuote':
      return expire(command, state);
    case 'ReviseQuote':
      return revise(command, state);
    case 'MarkQuotePrimary':
      return markPrimary(command, state);
    default:
      return exhaustive(command);
  }
};

export const quoteDecider: Decider<QuoteCommand, QuoteState, QuoteEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
