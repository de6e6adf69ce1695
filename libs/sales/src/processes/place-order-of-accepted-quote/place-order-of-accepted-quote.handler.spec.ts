import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { handleOpportunity } from '../../opportunity';
import { handleQuote, quoteEvents } from '../../quote';
import { handleTeamMember } from '../../team';
import { orderIdForQuote, quoteAcceptedToOrder } from '../quote-accepted-to-order.process';
import { PlaceOrderOfAcceptedQuoteCommand, PlaceOrderOfAcceptedQuoteHandler } from './place-order-of-accepted-quote.handler';

const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const QUOTE_ID = '5a6b7c8d-0000-4000-8000-00000000000a';
const AT = '2027-02-01T09:00:00.000Z';
const POLICY = { version: 'policy-1', maxTotalMinor: 100_000_000 };

let sequence = 0;
const context = (): CommandContext => {
  sequence += 1;
  const commandId = `cmd-${sequence}`;
  return { commandId, correlationId: 'flow-1', causationId: commandId, actor: { userId: 'max', role: 'manager' }, occurredAt: AT };
};

/**
 * A quote accepted at the instant its opportunity is marked lost: the acceptance checked an open
 * opportunity, the loss landed before the process that places the order ran. The process reads the
 * opportunity as it is then.
 */
describe('the order of an accepted quote', () => {
  let store: SqliteEventStore;
  let handler: PlaceOrderOfAcceptedQuoteHandler;

  /** The command the quote-accepted-to-order process issues for the quote's QuoteAccepted event. */
  const placingOfAcceptedQuote = async (): Promise<PlaceOrderOfAcceptedQuoteCommand> => {
    const accepted = (await store.readStream(`quote-${QUOTE_ID}`)).find((event) => event.type === 'QuoteAccepted')!;
    const [command] = quoteAcceptedToOrder(POLICY).react({ ...accepted, position: { commit: 1n, prepare: 1n } });
    return command as PlaceOrderOfAcceptedQuoteCommand;
  };
  const eventTypes = async (stream: string) => (await store.readStream(stream)).map((event) => event.type);

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    handler = new PlaceOrderOfAcceptedQuoteHandler(store);
    await handleTeamMember(store, { type: 'AddTeamMember', userId: 'ana', name: 'Ana', role: 'rep', managerId: null, regionalOffice: null }, context());
    await handleOpportunity(
      store,
      { type: 'OpenOpportunity', opportunityId: OPPORTUNITY_ID, title: 'Fleet renewal', accountId: 'acc-1', accountName: 'Acme', ownerId: 'ana', amount: null, expectedCloseDate: '2027-06-30', source: 'web', productInterest: null },
      context(),
    );
    await handleQuote(store, { type: 'DraftQuote', quoteId: QUOTE_ID, opportunityId: OPPORTUNITY_ID, currency: 'USD', version: 1, previousQuoteId: null, validUntil: '2027-03-31', taxBp: 0 }, context());
    await handleQuote(store, { type: 'AddLine', quoteId: QUOTE_ID, lineId: 'line-1', productCode: 'GTX-PRO', description: 'GTX Pro', quantity: 1, unitPriceMinor: 50_000, discountBasisPoints: 0 }, context());
    await handleQuote(store, { type: 'SubmitQuote', quoteId: QUOTE_ID, policy: POLICY }, context());
    await handleQuote(store, { type: 'SendQuote', quoteId: QUOTE_ID }, context());
    await handleQuote(store, { type: 'AcceptQuote', quoteId: QUOTE_ID }, context());
  });
  afterEach(() => store.close());

  it('is the command the process issues for an accepted quote', async () => {
    expect(await placingOfAcceptedQuote()).toBeInstanceOf(PlaceOrderOfAcceptedQuoteCommand);
  });

  it('is placed while the opportunity is open', async () => {
    await handler.execute(await placingOfAcceptedQuote());
    expect(await eventTypes(`order-${orderIdForQuote(QUOTE_ID)}`)).toEqual(['OrderPlaced', 'OrderApproved']);
  });

  it('is withheld, not parked, when the opportunity was lost meanwhile: the quote records why, and no order exists', async () => {
    await handleOpportunity(store, { type: 'MarkLost', opportunityId: OPPORTUNITY_ID, reason: 'Went with a competitor', competitor: null }, context());
    await handler.execute(await placingOfAcceptedQuote());
    const quote = await store.readStream(`quote-${QUOTE_ID}`);
    expect(quoteEvents.decode(quote[quote.length - 1])).toEqual({
      type: 'QuoteOrderWithheld',
      data: { quoteId: QUOTE_ID, opportunityId: OPPORTUNITY_ID, reason: 'opportunity-lost', withheldAt: expect.any(String) },
    });
    expect(await eventTypes(`order-${orderIdForQuote(QUOTE_ID)}`)).toEqual([]);
  });

  it('is withheld once when the process runs again for the same acceptance (a redelivery)', async () => {
    await handleOpportunity(store, { type: 'MarkLost', opportunityId: OPPORTUNITY_ID, reason: 'Went with a competitor', competitor: null }, context());
    const placing = await placingOfAcceptedQuote();
    await handler.execute(placing);
    await handler.execute(placing);
    expect((await eventTypes(`quote-${QUOTE_ID}`)).filter((type) => type === 'QuoteOrderWithheld')).toEqual(['QuoteOrderWithheld']);
  });
});
