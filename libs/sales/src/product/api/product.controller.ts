import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/event-sourcing';
import { answerDecoratorFor, CommandRoute, Context, ProblemException, Roles, SendsETag } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';

import { PRODUCT_CATEGORY, ProductCommandMessage } from '../application';
import { productCodeFor, ProductNotFoundError } from '../domain';
import { GetProductQuery, ListProductsQuery, productViewProjection } from '../read-models';
import { ChangePriceRequest, GetProductRequest, ListProductRequest, ListProductsRequest, RetireProductRequest } from './product.request.dto';
import type { ProductResource } from '../read-models/product-resource';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ProductAnswers = { Catalogue: { readonly items: ProductResource[] }; Product: ProductResource };
const Answers = answerDecoratorFor<ProductAnswers>();

const MAX_CODE_LENGTH = 200;

/** A code as a person types it: case and spacing are ignored, so "gtx pro", "Gtx-Pro" and "GTX-PRO" are one product. */
const codeOf = (typed: string): string => {
  const code = productCodeFor(typed);
  if (code === '' || typed.length > MAX_CODE_LENGTH) {
    throw new ProblemException(400, 'invalid-product-code', 'A product code is letters and digits in groups, such as GTX-PRO (case and spacing are ignored)');
  }
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

  @Get(':code')
  @SendsETag({ category: PRODUCT_CATEGORY, idField: 'code' })
  @ReadsFrom(productViewProjection.name)
  @ApiOperation({ summary: 'One product by its code; case and spacing are ignored ("gtx pro" finds GTX-PRO)' })
  @Answers('Product')
  async get(@Param('code') code: string, @Query() _request: GetProductRequest) {
    const productCode = codeOf(code);
    const product = await this.queries.execute(new GetProductQuery(productCode));
    if (!product) throw new ProductNotFoundError(productCode);
    return product;
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
