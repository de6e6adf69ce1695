import { type TotalsWithNet, withNetOfTax } from '../../../pricing';
import type { QuoteLine } from '../../domain';
import type { QuoteView } from './quote-view.document';

/** What clients see of a quote: lines as an ordered list, the stream revision as `revision`. */
export type QuoteResource = Omit<QuoteView, '_id' | '_revision' | 'lineIds' | 'lines' | 'totals'> & {
  readonly id: string;
  readonly revision: number;
  readonly lines: readonly QuoteLine[];
  readonly totals: TotalsWithNet;
};

export const toQuoteResource = ({ _id, _revision, lineIds, lines, totals, ...rest }: QuoteView): QuoteResource => ({
  id: _id,
  revision: _revision,
  ...rest,
  lines: lineIds.map((lineId) => lines[lineId]),
  totals: withNetOfTax(totals),
});
