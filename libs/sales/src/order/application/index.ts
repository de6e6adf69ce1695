import { ApproveOrderHandler } from './approve-order/approve-order.handler';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { ChangeOrderLineQuantityHandler } from './change-order-line-quantity/change-order-line-quantity.handler';
import { FulfilOrderHandler } from './fulfil-order/fulfil-order.handler';
import { PlaceOrderHandler } from './place-order/place-order.handler';
import { RejectOrderHandler } from './reject-order/reject-order.handler';

export * from './order-stream';
export * from './approve-order/approve-order.command';
export * from './cancel-order/cancel-order.command';
export * from './change-order-line-quantity/change-order-line-quantity.command';
export * from './fulfil-order/fulfil-order.command';
export * from './place-order/place-order.command';
export * from './reject-order/reject-order.command';

export const orderCommandHandlers = [
  PlaceOrderHandler,
  ChangeOrderLineQuantityHandler,
  ApproveOrderHandler,
  RejectOrderHandler,
  FulfilOrderHandler,
  CancelOrderHandler,
];
