import { ProductHandler } from './product.handler';

export * from './product.handler';
export * from './seed-catalogue/seed-catalogue';
export * from './seed-catalogue/seed-catalogue-on-start';

export const productCommandHandlers = [ProductHandler];
