import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig, COMMAND_ROLES, CommandRoute, Context, NewId, Roles, uuidParam } from '@ledger/platform';
import { AddLineCommand, DraftQuoteCommand, QuoteCommandMessage, quoteApprovalPolicy, ReviseQuoteCommand } from '../application';
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
@Roles(...COMMAND_ROLES)
@Controller('quotes')
export class QuoteController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @CommandRoute('', 'Draft a quote for an open opportunity (currency from its amount)', { creates: 'id', location: '/quotes' })
  draft(@NewId() id: string, @Body() body: DraftQuoteRequest, @Context() context: CommandContext) {
    return this.commands.execute(new DraftQuoteCommand({ quoteId: id, ...body, taxBp: body.taxBp ?? 0 }, context));
  }

  @CommandRoute(':id/lines', "Add a line: a catalogue product, priced at its list price unless a unit price is given", { creates: 'lineId' })
  addLine(@Param('id', quoteId) id: string, @NewId() newLineId: string, @Body() body: AddLineRequest, @Context() context: CommandContext) {
    return this.commands.execute(new AddLineCommand({ quoteId: id, lineId: newLineId, ...body }, context));
  }

  @CommandRoute(':id/lines/:lineId', 'Change the quantity, unit price or discount of a line', { method: 'PATCH' })
  changeLine(@Param('id', quoteId) id: string, @Param('lineId', lineId) line: string, @Body() body: ChangeLineRequest, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'ChangeLine', quoteId: id, lineId: line, ...body }, context));
  }

  @CommandRoute(':id/lines/:lineId', 'Remove a line', { method: 'DELETE' })
  removeLine(@Param('id', quoteId) id: string, @Param('lineId', lineId) line: string, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'RemoveLine', quoteId: id, lineId: line }, context));
  }

  @CommandRoute(':id/discount', 'Set the quote-level discount (basis points, on the subtotal)')
  setDiscount(@Param('id', quoteId) id: string, @Body() body: SetDiscountRequest, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'SetQuoteDiscount', quoteId: id, ...body }, context));
  }

  @CommandRoute(':id/tax', 'Set the tax rate (basis points)')
  setTax(@Param('id', quoteId) id: string, @Body() body: SetTaxRequest, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'SetTax', quoteId: id, ...body }, context));
  }

  @CommandRoute(':id/submit', 'Submit: approved at once within the policy, else pending a manager')
  submit(@Param('id', quoteId) id: string, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'SubmitQuote', quoteId: id, policy: quoteApprovalPolicy(this.config) }, context));
  }

  @CommandRoute(':id/approve', 'Approve a pending quote (managers; never the submitter: 422 approver-is-submitter)')
  @Roles('manager')
  approve(@Param('id', quoteId) id: string, @Body() body: ApproveQuoteRequest, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'ApproveQuote', quoteId: id, ...body }, context));
  }

  @CommandRoute(':id/reject', 'Reject a pending quote back to draft (managers; never the submitter)')
  @Roles('manager')
  reject(@Param('id', quoteId) id: string, @Body() body: ReasonRequest, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'RejectQuote', quoteId: id, ...body }, context));
  }

  @CommandRoute(':id/recall', 'Recall a pending submission (the submitter only)')
  recall(@Param('id', quoteId) id: string, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'RecallQuote', quoteId: id }, context));
  }

  @CommandRoute(':id/send', 'Send an approved quote to the customer')
  send(@Param('id', quoteId) id: string, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'SendQuote', quoteId: id }, context));
  }

  @CommandRoute(':id/accept', "Record the customer's acceptance (the latest version, before it expires); an order follows")
  accept(@Param('id', quoteId) id: string, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'AcceptQuote', quoteId: id }, context));
  }

  @CommandRoute(':id/decline', "Record the customer's refusal")
  decline(@Param('id', quoteId) id: string, @Body() body: ReasonRequest, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'DeclineQuote', quoteId: id, ...body }, context));
  }

  /** Answers with the new version: its id, revision and Location. If-Match is checked against this quote. */
  @CommandRoute(':id/revise', 'Draft the next version of a sent or declined quote; this one becomes superseded', { creates: 'id', location: '/quotes' })
  revise(@Param('id', quoteId) id: string, @NewId() newQuoteId: string, @Body() body: ReviseQuoteRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ReviseQuoteCommand({ quoteId: id, newQuoteId, ...body }, context));
  }

  @CommandRoute(':id/primary', "Make this the opportunity's primary quote: its amount follows the quote's total")
  primary(@Param('id', quoteId) id: string, @Context() context: CommandContext) {
    return this.commands.execute(new QuoteCommandMessage({ type: 'MarkQuotePrimary', quoteId: id }, context));
  }
}
