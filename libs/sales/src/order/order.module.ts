import { Module } from '@nestjs/common';
import { OrderController } from './api/order.controller';
import { orderCommandHandlers } from './application';
import { orderQueryHandlers } from './read-models';

@Module({
  controllers: [OrderController],
  providers: [...orderCommandHandlers, ...orderQueryHandlers],
})
export class OrderModule {}
