import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type CommandContext,
  type CommandResult,
  derivedCommandId,
  EventStore,
  meetsPrecondition,
  StaleRevisionError,
  stamped,
} from '@ledger/event-sourcing';
import { type QuoteCommand, quoteDecider, type QuoteState } from '../../domain';
import { authorizeQuoteCommand, handleQuote, loadQuote, quoteStream } from '../quote.handler';

const DEFAULT_VALIDITY_DAYS = 30;

const addDays = (isoInstant: string, days: number): string =>
  new Date(Date.parse(isoInstant) + days * 86_400_000).toISOString().slice(0, 10);

export type QuoteRevision = {
  readonly quoteId: string;
  /** The id of the next version, drafted by the same command. */
  readonly newQuoteId: string;
  /** The next version's validity; the previous one's if still ahead, else 30 days from today. */
  readonly validUntil?: string;
};

/** Answers with the result of drafting the next version. */
export class ReviseQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly revision: QuoteRevision,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Two streams, two appends: the next version is drafted first (a copy of this one), then this one
 * is marked superseded. A crash in between leaves a draft that names its predecessor and a
 * predecessor still in play; retrying with the same Idempotency-Key finishes the job, since both
 * appends have command ids derived from the request.
 */
@CommandHandler(ReviseQuoteCommand)
export class ReviseQuoteHandler implements ICommandHandler<ReviseQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ revision, context }: ReviseQuoteCommand): Promise<CommandResult> {
    const { quoteId, newQuoteId } = revision;
    const previous = await loadQuote(this.store, quoteId);
    const revise: QuoteCommand = stamped<QuoteCommand>({ type: 'ReviseQuote', quoteId, newQuoteId }, context);
    const retried = previous.status === 'superseded' && previous.supersededByQuoteId === newQuoteId;
    if (!retried) {
      await authorizeQuoteCommand(this.store, context.actor, revise)(previous);
      await this.checkIfMatch(quoteId, context);
      // A dry run of the pure decision: refuses a quote that cannot be revised before anything is written.
      quoteDecider.decide(revise, previous);
    }
    const facts = previous as Exclude<QuoteState, { status: 'initial' }>;
    const today = context.occurredAt.slice(0, 10);
    const validUntil =
      revision.validUntil ?? (facts.validUntil >= today ? facts.validUntil : addDays(context.occurredAt, DEFAULT_VALIDITY_DAYS));
    // If-Match names the revision of the quote being revised, not of the new stream.
    const drafted = await handleQuote(
      this.store,
      {
        type: 'DraftQuote',
        quoteId: newQuoteId,
        opportunityId: facts.opportunityId,
        accountId: facts.accountId ?? null,
        currency: facts.currency,
        version: facts.version + 1,
        previousQuoteId: quoteId,
        validUntil,
        taxBp: facts.taxBp,
        copyOf: { lines: facts.lines, quoteDiscountBp: facts.quoteDiscountBp },
      },
      { ...context, expectedRevision: undefined },
    );
    const supersede: CommandContext = {
      ...context,
      commandId: derivedCommandId(context.commandId, 'supersede'),
      expectedRevision: undefined,
    };
    await handleQuote(this.store, { type: 'ReviseQuote', quoteId, newQuoteId }, supersede);
    return drafted;
  }

  private async checkIfMatch(quoteId: string, context: CommandContext): Promise<void> {
    if (context.expectedRevision === undefined) return;
    const [last] = await this.store.readStream(quoteStream(quoteId), { direction: 'backwards', maxCount: 1 });
    const actual = last?.revision ?? -1;
    if (!meetsPrecondition(context.expectedRevision, actual)) throw new StaleRevisionError(quoteStream(quoteId), context.expectedRevision, actual);
  }
}
