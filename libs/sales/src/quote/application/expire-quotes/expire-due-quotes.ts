import { type CommandContext, derivedCommandId, DomainError, type EventStore } from '@ledger/event-sourcing';
import type { ReadStore } from '@ledger/read-store';
import { QUOTE_VIEWS, type QuoteView } from '../../read-models/quote-view/quote-view.document';
import { handleQuote } from '../quote.handler';

const EXPIRER = { userId: 'system:quote-expiry', role: 'system' } as const;
const PAGE = 500;

export type ExpiryRun = { readonly expired: number; readonly refused: number };

/**
 * Expires every sent quote whose validity ended before `now`'s calendar day (UTC). Candidates
 * come from the quote view; the quote itself decides, so a quote accepted meanwhile is refused by
 * the domain and left alone. The command id derives from the quote, so two runs never expire twice.
 */
export async function expireDueQuotes(eventStore: EventStore, readStore: ReadStore, now: Date): Promise<ExpiryRun> {
  const today = now.toISOString().slice(0, 10);
  const due = await readStore.find<QuoteView>(
    QUOTE_VIEWS,
    { status: 'sent', validUntil: { $lt: today } },
    { sort: { validUntil: 1, _id: 1 }, limit: PAGE, projection: { _id: 1 } },
  );
  let expired = 0;
  let refused = 0;
  for (const { _id: quoteId } of due) {
    const commandId = derivedCommandId(quoteId, 'expire-quote');
    const context: CommandContext = {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: EXPIRER,
      occurredAt: now.toISOString(),
    };
    try {
      const result = await handleQuote(eventStore, { type: 'ExpireQuote', quoteId }, context);
      if (result.appended > 0) expired += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused += 1;
    }
  }
  return { expired, refused };
}
