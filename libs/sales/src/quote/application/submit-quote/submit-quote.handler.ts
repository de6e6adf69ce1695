import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { quoteApprovalPolicy } from '../approval-policy';
import { decideQuote } from '../quote-stream';
import { SubmitQuoteCommand } from './submit-quote.command';

@CommandHandler(SubmitQuoteCommand)
export class SubmitQuoteHandler implements ICommandHandler<SubmitQuoteCommand> {
  constructor(
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ quoteId, context }: SubmitQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'SubmitQuote', quoteId, policy: quoteApprovalPolicy(this.config) }, context);
  }
}
