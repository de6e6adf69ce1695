import { ChangeListPriceHandler } from './change-list-price/change-list-price.handler';
import { ListProductHandler } from './list-product/list-product.handler';
import { RetireProductHandler } from './retire-product/retire-product.handler';

export * from './product-stream';
export * from './seed-catalogue/seed-catalogue';
export * from './seed-catalogue/seed-catalogue-on-start';
export * from './change-list-price/change-list-price.command';
export * from './list-product/list-product.command';
export * from './retire-product/retire-product.command';

export const productCommandHandlers = [ListProductHandler, ChangeListPriceHandler, RetireProductHandler];
