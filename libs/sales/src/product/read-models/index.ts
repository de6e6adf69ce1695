import { ListProductsHandler } from './catalogue/list-products.handler';

export * from './product-view.projection';
export * from './catalogue/list-products.query';

export const productQueryHandlers = [ListProductsHandler];
