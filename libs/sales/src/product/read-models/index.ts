import { GetProductHandler, ListProductsHandler } from './catalogue/catalogue.handler';

export * from './product-view.projection';
export * from './product-resource';
export * from './catalogue/catalogue.query';

export const productQueryHandlers = [ListProductsHandler, GetProductHandler];
