import { aggregateStreams, type CommandContext, type CommandResult, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type AccountCommand, accountDecider, accountEvents } from '../domain';

const accounts = aggregateStreams('account', accountDecider, accountEvents);

export const ACCOUNT_CATEGORY = accounts.category;
export const accountStream = accounts.stream;
export const loadAccount = accounts.load;
export const decideAccount = accounts.handle;

/** load → decide → append for any account command. */
export const handleAccount = (store: EventStore, command: WithoutTimeAndActor<AccountCommand>, context: CommandContext): Promise<CommandResult> =>
  accounts.handle(store, command.accountId, command, context);
