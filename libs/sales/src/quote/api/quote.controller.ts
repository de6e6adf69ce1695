import type { CommandContext } from '@ledger/event-sourcing';
import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { COMMAND_ROLES, type CommandAnswer, CurrentActor, Roles, answerCommand, runCommand, commandContextFrom, recordIdFor, uuidParam, runCreate } from '@ledger/platform';
import {
  AcceptQuoteCommand,
  AddLineCommand,
  ApproveQuoteCommand,
  ChangeLineCommand,
  DeclineQuoteCommand,
  DraftQuoteCommand,
  MarkQuotePrimaryCommand,
  RecallQuoteCommand,
  RejectQuoteCommand,
  RemoveLineCommand,
  ReviseQuoteCommand,
  SendQuoteCommand,
  SetQuoteDiscountCommand,
  SetTaxCommand,
  SubmitQuoteCommand,
} from '../application';
import {
  AddLineRequest,
  ApproveQuoteRequest,
  ChangeLineRequest,
  DraftQuoteRequest,
  ReasonRequest,
  ReviseQuoteRequest,
  SetDiscountRequest,
  SetTaxRequest,
} from './quote.request.dto';

const quoteId = uuidParam('quote');
const lineId = uuidParam('line');

@ApiTags('quotes')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key append nothing and answer as the first time' })
@ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the revision the command is based on (412 if stale)' })
@ApiResponse({ status: 400, description: 'Invalid input (problem+json, code validation-failed)' })
@ApiResponse({ status: 403, description: 'Role or ownership refused (forbidden, not-the-owner)' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Roles(...COMMAND_ROLES)
@Controller('quotes')
export class QuoteController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Draft a quote for an open opportunity (currency from its amount)' })
  async draft(
    @Body() body: DraftQuoteRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const payload = { opportunityId: body.opportunityId, validUntil: body.validUntil, taxBp: body.taxBp ?? 0, currency: body.currency };
    return runCreate(this.commands, { request, reply, actor }, (id, context) => new DraftQuoteCommand(id, payload, context), '/quotes');
  }

  @Post(':id/lines')
  @HttpCode(201)
  @ApiOperation({ summary: "Add a line: a catalogue product, priced at its list price unless a unit price is given" })
  async addLine(
    @Param('id', quoteId) id: string,
    @Body() body: AddLineRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer & { lineId: string }> {
    const context = commandContextFrom(request, actor);
    const newLineId = recordIdFor(context.commandId);
    const result = await this.commands.execute(new AddLineCommand(id, { ...body, lineId: newLineId }, context));
    return { ...answerCommand(reply, id, result), lineId: newLineId };
  }

  @Patch(':id/lines/:lineId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the quantity, unit price or discount of a line' })
  changeLine(
    @Param('id', quoteId) id: string,
    @Param('lineId', lineId) line: string,
    @Body() body: ChangeLineRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new ChangeLineCommand(id, { lineId: line, ...body }, context));
  }

  @Delete(':id/lines/:lineId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a line' })
  removeLine(
    @Param('id', quoteId) id: string,
    @Param('lineId', lineId) line: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new RemoveLineCommand(id, { lineId: line }, context));
  }

  @Post(':id/discount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the quote-level discount (basis points, on the subtotal)' })
  setDiscount(
    @Param('id', quoteId) id: string,
    @Body() body: SetDiscountRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new SetQuoteDiscountCommand(id, { discountBp: body.discountBp }, context));
  }

  @Post(':id/tax')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the tax rate (basis points)' })
  setTax(
    @Param('id', quoteId) id: string,
    @Body() body: SetTaxRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new SetTaxCommand(id, { taxBp: body.taxBp }, context));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit: approved at once within the policy, else pending a manager' })
  submit(
    @Param('id', quoteId) id: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new SubmitQuoteCommand(id, context));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: 'Approve a pending quote (managers; never the submitter: 422 approver-is-submitter)' })
  approve(
    @Param('id', quoteId) id: string,
    @Body() body: ApproveQuoteRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new ApproveQuoteCommand(id, { linesHash: body.linesHash }, context));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: 'Reject a pending quote back to draft (managers; never the submitter)' })
  reject(
    @Param('id', quoteId) id: string,
    @Body() body: ReasonRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new RejectQuoteCommand(id, { reason: body.reason }, context));
  }

  @Post(':id/recall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recall a pending submission (the submitter only)' })
  recall(
    @Param('id', quoteId) id: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new RecallQuoteCommand(id, {}, context));
  }

  @Post(':id/send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an approved quote to the customer' })
  send(
    @Param('id', quoteId) id: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new SendQuoteCommand(id, {}, context));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the customer's acceptance (the latest version, before it expires); an order follows" })
  accept(
    @Param('id', quoteId) id: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new AcceptQuoteCommand(id, {}, context));
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the customer's refusal" })
  decline(
    @Param('id', quoteId) id: string,
    @Body() body: ReasonRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new DeclineQuoteCommand(id, { reason: body.reason }, context));
  }

  @Post(':id/revise')
  @HttpCode(201)
  @ApiOperation({ summary: 'Draft the next version of a sent or declined quote; this one becomes superseded' })
  async revise(
    @Param('id', quoteId) id: string,
    @Body() body: ReviseQuoteRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const revise = (newQuoteId: string, context: CommandContext) => new ReviseQuoteCommand(id, { newQuoteId, validUntil: body.validUntil }, context);
    return runCreate(this.commands, { request, reply, actor }, revise, '/quotes');
  }

  @Post(':id/primary')
  @HttpCode(200)
  @ApiOperation({ summary: "Make this the opportunity's primary quote: its amount follows the quote's total" })
  primary(
    @Param('id', quoteId) id: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (context) => new MarkQuotePrimaryCommand(id, {}, context));
  }
}
