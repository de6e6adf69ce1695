// `decide`, `evolve` and `initialState` stay behind `orderDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes. The pricing types (QuoteLine,
// QuoteTotals, quoteTotals) are re-exported by the quote domain and by `pricing` itself, not here.
export * from './order.events';
export * from './order.commands';
export * from './order.errors';
export type {
  ApprovedOrderState,
  CancelledOrderState,
  ExistingOrderState,
  FulfilledOrderState,
  InitialOrderState,
  OrderApproval,
  OrderFacts,
  OrderState,
  OrderStatus,
  PendingApprovalOrderState,
  RejectedOrderState,
} from './order.state';
export { orderDecider } from './order.decide';
