import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/event-sourcing';
import { answerDecoratorFor, CommandRoute, Context, ProblemException, Roles } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';

import { ProductCommandMessage } from '../application';
import { productCodeFor } from '../domain';
import { ListProductsQuery, productViewProjection } from '../read-models';
import { ChangePriceRequest, ListProductRequest, ListProductsRequest, RetireProductRequest } from './product.request.dto';
import type { ProductView } from '../read-models/product-view.projection';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ProductAnswers = { Catalogue: { readonly items: ProductView[] } };
const Answers = answerDecoratorFor<ProductAnswers>();

const PRODUCT_CODE = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

const codeOf = (code: string): string => {
  if (!PRODUCT_CODE.test(code)) throw new ProblemException(400, 'invalid-product-code', 'A product code is capitals and digits in dash-separated groups, such as GTX-PRO');
  return code;
};

@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ReadsFrom(productViewProjection.name)
  @ApiOperation({ summary: 'The catalogue: code, name, series, list price per currency (minor units)' })
  @Answers('Catalogue')
  list(@Query() request: ListProductsRequest) {
    return this.queries.execute(new ListProductsQuery(request.includeRetired ?? false));
  }

  @CommandRoute('', 'List a product; its code is made from its name (GTX Pro → GTX-PRO)', { creates: 'record', location: '/products' })
  @Roles('admin')
  listProduct(@Body() body: ListProductRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ProductCommandMessage({ type: 'ListProduct', productCode: codeOf(productCodeFor(body.name)), ...body }, context));
  }

  @CommandRoute(':code/price', 'Change the list price in one currency; quotes keep the price they were made with')
  @Roles('admin')
  changePrice(@Param('code') code: string, @Body() body: ChangePriceRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ProductCommandMessage({ type: 'ChangeListPrice', productCode: codeOf(code), ...body }, context));
  }

  @CommandRoute(':code/retire', 'Retire a product: it can no longer be quoted')
  @Roles('admin')
  retire(@Param('code') code: string, @Body() body: RetireProductRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ProductCommandMessage({ type: 'RetireProduct', productCode: codeOf(code), ...body }, context));
  }
}
