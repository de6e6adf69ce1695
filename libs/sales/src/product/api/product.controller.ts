import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { type CommandAnswer, CurrentActor, IsText, MoneyRequest, ProblemException, Roles, answerCommand, commandContextFrom } from '@ledger/platform';
import { ConsistencyQuery, ReadsFrom } from '@ledger/read-store';

import { ChangeListPriceCommand, ListProductCommand, RetireProductCommand } from '../application';
import { productCodeFor } from '../domain';
import { ListProductsQuery, productViewProjection } from '../read-models';

const PRODUCT_CODE = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

export class ListProductRequest {
  @ApiProperty({ example: 'GTX Pro' }) @IsText(200) name!: string;
  @ApiProperty({ example: 'GTX' }) @IsText(100) series!: string;
  @ApiProperty({ type: [MoneyRequest] }) @ValidateNested({ each: true }) @Type(() => MoneyRequest) @ArrayMinSize(1) listPrices!: MoneyRequest[];
}

export class ChangePriceRequest {
  @ApiProperty({ type: MoneyRequest }) @ValidateNested() @Type(() => MoneyRequest) price!: MoneyRequest;
}

export class RetireProductRequest {
  @ApiProperty() @IsText(1000) reason!: string;
}

export class ListProductsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  includeRetired?: boolean;
}

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
  list(@Query() request: ListProductsRequest) {
    return this.queries.execute(new ListProductsQuery(request.includeRetired ?? false));
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'List a product; its code is made from its name (GTX Pro → GTX-PRO)' })
  async listProduct(
    @Body() body: ListProductRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const code = codeOf(productCodeFor(body.name));
    const result = await this.commands.execute(
      new ListProductCommand(code, { name: body.name, series: body.series, listPrices: body.listPrices }, commandContextFrom(request, actor)),
    );
    void reply.header('Location', `/products/${code}`);
    return answerCommand(reply, code, result);
  }

  @Post(':code/price')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Change the list price in one currency; quotes keep the price they were made with' })
  async changePrice(
    @Param('code') code: string,
    @Body() body: ChangePriceRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(new ChangeListPriceCommand(codeOf(code), { price: body.price }, commandContextFrom(request, actor)));
    return answerCommand(reply, code, result);
  }

  @Post(':code/retire')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Retire a product: it can no longer be quoted' })
  async retire(
    @Param('code') code: string,
    @Body() body: RetireProductRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(new RetireProductCommand(codeOf(code), { reason: body.reason }, commandContextFrom(request, actor)));
    return answerCommand(reply, code, result);
  }
}
