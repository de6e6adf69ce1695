import type { QuoteLine } from '../../../pricing';
import type { OrderView } from './order-view.document';

/** What clients see of an order: lines as an ordered list, the stream revision as `revision`. */
export type OrderResource = Omit<OrderView, '_id' | '_revision' | 'lineIds' | 'lines'> & {
  readonly id: string;
  readonly revision: number;
  readonly lines: readonly QuoteLine[];
};

export const toOrderResource = ({ _id, _revision, lineIds, lines, ...rest }: OrderView): OrderResource => ({
  id: _id,
  revision: _revision,
  ...rest,
  lines: lineIds.map((lineId) => lines[lineId]),
});
