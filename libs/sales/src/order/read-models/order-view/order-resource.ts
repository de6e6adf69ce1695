import { type QuoteLine, type TotalsWithNet, withNetOfTax } from '../../../pricing';
import type { OrderView } from './order-view.document';

/** What clients see of an order: lines as an ordered list, the stream revision as `revision`. */
export type OrderResource = Omit<OrderView, '_id' | '_revision' | 'lineIds' | 'lines' | 'totals'> & {
  readonly id: string;
  readonly revision: number;
  readonly lines: readonly QuoteLine[];
  readonly totals: TotalsWithNet;
};

export const toOrderResource = ({ _id, _revision, lineIds, lines, totals, ...rest }: OrderView): OrderResource => ({
  id: _id,
  revision: _revision,
  ...rest,
  lines: lineIds.map((lineId) => lines[lineId]),
  totals: withNetOfTax(totals),
});
