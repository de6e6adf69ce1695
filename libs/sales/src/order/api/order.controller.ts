import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { COMMAND_ROLES, type CommandAnswer, CurrentActor, ProblemException, Roles, runCommand, uuidParam } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import { ApproveOrderCommand, CancelOrderCommand, ChangeOrderLineQuantityCommand, FulfilOrderCommand, RejectOrderCommand } from '../application';
import { GetOrderQuery, ListOrdersQuery, orderViewProjection } from '../read-models';
import { ChangeOrderLineRequest, FulfilOrderRequest, GetOrderRequest, ListOrdersRequest, OrderReasonRequest } from './order.request.dto';

const orderId = uuidParam('order');
const lineId = uuidParam('order line');

/** Orders are placed by the quote-accepted process manager, never by a client. */
@ApiTags('orders')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiResponse({ status: 403, description: 'Role or ownership refused' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Controller('orders')
export class OrderController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ReadsFrom(orderViewProjection.name)
  @ApiOperation({ summary: 'Orders, newest first; by opportunity, quote and status' })
  list(@Query() request: ListOrdersRequest) {
    return this.queries.execute(
      new ListOrdersQuery({
        opportunityId: request.opportunityId,
        quoteId: request.quoteId,
        status: request.status,
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Get(':id')
  @ReadsFrom(orderViewProjection.name)
  @ApiOperation({ summary: 'One order with its lines, totals and approval' })
  async get(@Param('id', orderId) id: string, @Query() _request: GetOrderRequest) {
    const order = await this.queries.execute(new GetOrderQuery(id));
    if (!order) throw new ProblemException(404, 'order-not-found', `Order ${id} does not exist`);
    return order;
  }

  @Patch(':id/lines/:lineId')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Change the quantity of a line while the order waits for approval (locked once approved)' })
  changeLine(
    @Param('id', orderId) id: string,
    @Param('lineId', lineId) line: string,
    @Body() body: ChangeOrderLineRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new ChangeOrderLineQuantityCommand(id, { lineId: line, quantity: body.quantity }, c));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: 'Approve an order over the limit (managers; never who accepted the quote)' })
  approve(
    @Param('id', orderId) id: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new ApproveOrderCommand(id, {}, c));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: 'Reject a pending order (managers)' })
  reject(
    @Param('id', orderId) id: string,
    @Body() body: OrderReasonRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new RejectOrderCommand(id, { reason: body.reason }, c));
  }

  @Post(':id/fulfil')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Record that an approved order was fulfilled, and on which day' })
  fulfil(
    @Param('id', orderId) id: string,
    @Body() body: FulfilOrderRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new FulfilOrderCommand(id, { fulfilledOn: body.fulfilledOn }, c));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Cancel a pending or approved order (reason required)' })
  cancel(
    @Param('id', orderId) id: string,
    @Body() body: OrderReasonRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new CancelOrderCommand(id, { reason: body.reason }, c));
  }
}
