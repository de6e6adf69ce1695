import { ListProductsHandler } from './catalogue/list-products.handler';
import { GetProductHandler } from './product-details/get-product.handler';

export * from './product-view.projection';
export * from './product-resource';
export * from './catalogue/list-products.query';
export * from './product-details/get-product.query';

export const productQueryHandlers = [ListProductsHandler, GetProductHandler];
