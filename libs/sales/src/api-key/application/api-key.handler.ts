import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type ApiKeyCommand, apiKeyDecider, apiKeyEvents } from '../domain';

/** A key's stream, `apikey-<key id>` (the category has no dash: it is what precedes the first one). */
const apiKeys = aggregateStreams('apikey', apiKeyDecider, apiKeyEvents);

export const API_KEY_CATEGORY = apiKeys.category;
export const apiKeyStream = apiKeys.stream;

export const handleApiKey = (store: EventStore, command: WithoutTimeAndActor<ApiKeyCommand>, context: CommandContext): Promise<CommandResult> =>
  apiKeys.handle(store, command.keyId, command, context);

/** Any API key command, carried on the bus. */
export class ApiKeyCommandMessage extends AggregateCommandMessage<ApiKeyCommand> {}

export const ApiKeyHandler = aggregateCommandHandler(ApiKeyCommandMessage, handleApiKey);
