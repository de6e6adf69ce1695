import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@ledger/event-sourcing';
import { listPriceIn, loadProduct, ProductNotFoundError } from '../../../product';
import { NoListPriceError, ProductNotSellableError } from '../quote-application.errors';
import { handleQuote, loadQuote } from '../quote.handler';

export type QuoteLineToAdd = {
  readonly quoteId: string;
  readonly lineId: string;
  readonly productCode: string;
  readonly quantity: number;
  /** The product's list price in the quote's currency when absent. */
  readonly unitPriceMinor?: number;
  readonly discountBasisPoints?: number;
  /** The product's name when absent. */
  readonly description?: string;
};

/** Adds a catalogue product to a quote. */
export class AddLineCommand extends Command<CommandResult> {
  constructor(
    readonly line: QuoteLineToAdd,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The line is priced from the catalogue as it stands now and keeps that price: a later list price
 * change is a new event on the product and leaves the quote alone.
 */
@CommandHandler(AddLineCommand)
export class AddLineHandler implements ICommandHandler<AddLineCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ line, context }: AddLineCommand): Promise<CommandResult> {
    const { quoteId, productCode } = line;
    const [quote, product] = await Promise.all([loadQuote(this.store, quoteId), loadProduct(this.store, productCode)]);
    if (product.status === 'initial') throw new ProductNotFoundError(productCode);
    if (product.status === 'retired') throw new ProductNotSellableError(productCode);
    // An unknown quote has no currency; the domain refuses it with quote-not-found.
    const currency = quote.status === 'initial' ? 'USD' : quote.currency;
    const unitPriceMinor = line.unitPriceMinor ?? listPriceIn(product, currency);
    if (unitPriceMinor === null) throw new NoListPriceError(productCode, currency);
    return handleQuote(
      this.store,
      {
        type: 'AddLine',
        quoteId,
        lineId: line.lineId,
        productCode,
        description: line.description ?? product.name,
        quantity: line.quantity,
        unitPriceMinor,
        discountBasisPoints: line.discountBasisPoints ?? 0,
      },
      context,
    );
  }
}
