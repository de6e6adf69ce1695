import { Module } from '@nestjs/common';
import { ProductController } from './api/product.controller';
import { productCommandHandlers, SeedCatalogueOnStart } from './application';
import { productQueryHandlers } from './read-models';

@Module({
  controllers: [ProductController],
  providers: [...productCommandHandlers, ...productQueryHandlers, SeedCatalogueOnStart],
})
export class ProductModule {}
