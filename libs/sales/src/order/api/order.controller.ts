import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, type CommandContext, EventStore } from '@ledger/event-sourcing';
import { answerDecoratorFor, AnswersHistorically, COMMAND_ROLES, CommandRoute, Context, CurrentActor, DocumentsProblem, ProblemException, Roles, SendsETag, uuidParam } from '@ledger/platform';
import { asOfInstant, type Historical, type Page, ReadsFrom, ReadStore, recordAsOf } from '@ledger/read-store';
import { opportunityStream } from '../../opportunity';
import { assertMayReadRecordOf, pipelineOwners } from '../../team';
import { ORDER_CATEGORY, OrderCommandMessage, orderStream } from '../application';
import { GetOrderQuery, ListOrdersQuery, orderViewProjection } from '../read-models';
import { GetOrderHandler } from '../read-models/order-details/get-order.handler';
import { ChangeOrderLineRequest, FulfilOrderRequest, GetOrderRequest, ListOrdersRequest, OrderReasonRequest } from './order.request.dto';
import type { OrderResource } from '../read-models/order-view/order-resource';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type OrderAnswers = { OrderPage: Page<OrderResource>; Order: Historical<OrderResource> };
const Answers = answerDecoratorFor<OrderAnswers>();

const orderId = uuidParam('order');
const lineId = uuidParam('order line');

/** Orders are placed by the quote-accepted process manager, never by a client. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrderController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
    private readonly eventStore: EventStore,
  ) {}

  @Get()
  @ReadsFrom(orderViewProjection.name)
  @ApiOperation({ summary: 'Orders, newest first; by opportunity, quote and status' })
  @Answers('OrderPage')
  async list(@Query() request: ListOrdersRequest, @CurrentActor() actor: Actor) {
    // Read under the rule of the records: a rep lists the orders of their own deals, a manager their team's.
    const ownerIds = await pipelineOwners(this.readStore, actor, undefined);
    return this.queries.execute(
      new ListOrdersQuery({
        opportunityId: request.opportunityId,
        ownerIds,
        quoteId: request.quoteId,
        status: request.status,
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Get(':id')
  @SendsETag({ category: ORDER_CATEGORY })
  @ReadsFrom(orderViewProjection.name)
  @AnswersHistorically()
  @ApiOperation({ summary: 'One order with its lines, totals and approval; with asOf, as the system knew it at that instant' })
  @Answers('Order')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', orderId) id: string, @Query() request: GetOrderRequest, @CurrentActor() actor: Actor): Promise<Historical<OrderResource>> {
    const instant = asOfInstant(request.asOf, new Date());
    const order = await this.queries.execute(new GetOrderQuery(id));
    if (!order) throw new ProblemException(404, 'order-not-found', `Order ${id} does not exist`);
    await assertMayReadRecordOf(this.readStore, actor, order.ownerId);
    if (instant === undefined) return order;
    // The view carries the deal's owner, which the projection learns from the opportunity's stream.
    const streams = [orderStream(id), opportunityStream(order.opportunityId)];
    const then = await recordAsOf(this.eventStore, [orderViewProjection], streams, instant, (store) => new GetOrderHandler(store).execute(new GetOrderQuery(id)));
    if (!then) throw new ProblemException(404, 'order-not-found', `Order ${id} did not exist yet at ${instant.toISOString()}`);
    return then;
  }

  @CommandRoute(':id/lines/:lineId', 'Change the quantity of a line while the order waits for approval (locked once approved)', { method: 'PATCH' })
  @Roles(...COMMAND_ROLES)
  changeLine(@Param('id', orderId) id: string, @Param('lineId', lineId) line: string, @Body() body: ChangeOrderLineRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OrderCommandMessage({ type: 'ChangeOrderLineQuantity', orderId: id, lineId: line, ...body }, context));
  }

  @CommandRoute(':id/approve', 'Approve an order over the limit (managers; never who accepted the quote)')
  @Roles('manager')
  approve(@Param('id', orderId) id: string, @Context() context: CommandContext) {
    return this.commands.execute(new OrderCommandMessage({ type: 'ApproveOrder', orderId: id }, context));
  }

  @CommandRoute(':id/reject', 'Reject a pending order (managers)')
  @Roles('manager')
  reject(@Param('id', orderId) id: string, @Body() body: OrderReasonRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OrderCommandMessage({ type: 'RejectOrder', orderId: id, ...body }, context));
  }

  @CommandRoute(':id/fulfil', 'Record that an approved order was fulfilled, and on which day')
  @Roles(...COMMAND_ROLES)
  fulfil(@Param('id', orderId) id: string, @Body() body: FulfilOrderRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OrderCommandMessage({ type: 'FulfilOrder', orderId: id, ...body }, context));
  }

  @CommandRoute(':id/cancel', 'Cancel a pending or approved order (reason required)')
  @Roles(...COMMAND_ROLES)
  cancel(@Param('id', orderId) id: string, @Body() body: OrderReasonRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OrderCommandMessage({ type: 'CancelOrder', orderId: id, ...body }, context));
  }
}
