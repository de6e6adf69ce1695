import { ListOrdersHandler } from './list-orders/list-orders.handler';
import { GetOrderHandler } from './order-details/get-order.handler';

export * from './order-view/order-view.document';
export * from './order-view/order-view.projection';
export * from './order-view/order-resource';
export * from './list-orders/list-orders.query';
export * from './order-details/get-order.query';

export const orderQueryHandlers = [ListOrdersHandler, GetOrderHandler];
