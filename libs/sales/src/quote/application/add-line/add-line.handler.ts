import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { listPriceIn, loadProduct, ProductNotFoundError } from '../../../product';
import { NoListPriceError, ProductNotSellableError } from '../quote-application.errors';
import { decideQuote, loadQuote } from '../quote-stream';
import { AddLineCommand } from './add-line.command';

/**
 * The line is priced from the catalogue as it stands now and keeps that price: a later list price
 * change is a new event on the product and leaves the quote alone.
 */
@CommandHandler(AddLineCommand)
export class AddLineHandler implements ICommandHandler<AddLineCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ quoteId, payload, context }: AddLineCommand): Promise<CommandResult> {
    const [quote, product] = await Promise.all([
      loadQuote(this.store, quoteId),
      loadProduct(this.store, payload.productCode),
    ]);
    if (product.status === 'initial') throw new ProductNotFoundError(payload.productCode);
    if (product.status === 'retired') throw new ProductNotSellableError(payload.productCode);
    // An unknown quote has no currency; the domain refuses it with quote-not-found.
    const currency = quote.status === 'initial' ? 'USD' : quote.currency;
    const unitPriceMinor = payload.unitPriceMinor ?? listPriceIn(product, currency);
    if (unitPriceMinor === null) throw new NoListPriceError(payload.productCode, currency);
    return decideQuote(
      this.store,
      quoteId,
      {
        type: 'AddLine',
        quoteId,
        lineId: payload.lineId,
        productCode: payload.productCode,
        description: payload.description ?? product.name,
        quantity: payload.quantity,
        unitPriceMinor,
        discountBasisPoints: payload.discountBasisPoints ?? 0,
      },
      context,
    );
  }
}
