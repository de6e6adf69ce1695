import { OrderHandler } from './order.handler';

export * from './order.handler';
export * from './approval-policy';

export const orderCommandHandlers = [OrderHandler];
