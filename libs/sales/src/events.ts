import { combinedCodec, type EventStoreSettings, type PersonalDataCarriers } from '@ledger/event-sourcing';
import type { AppConfig } from '@ledger/platform';
import { type AccountEvent, accountEvents, type AccountHierarchyEvent, accountHierarchyEvents, contactPersonalData } from './account';
import { type ActivityEvent, activityEvents } from './activity';
import { type ApiKeyEvent, apiKeyEvents } from './api-key';
import { type ImportEvent, importEvents } from './import';
import { type OpportunityEvent, opportunityEvents } from './opportunity';
import { type OrderEvent, orderEvents } from './order';
import { type ProductEvent, productEvents } from './product';
import { type QuoteEvent, quoteEvents } from './quote';
import { type TargetEvent, targetEvents } from './target';
import { type TaskEvent, taskEvents } from './task';
import { type AssignmentRotorEvent, assignmentRotorEvents, type TeamMemberEvent, teamMemberEvents } from './team';

export type SalesEvent =
  | OpportunityEvent
  | AccountEvent
  | AccountHierarchyEvent
  | TeamMemberEvent
  | AssignmentRotorEvent
  | TaskEvent
  | ActivityEvent
  | ProductEvent
  | QuoteEvent
  | OrderEvent
  | TargetEvent
  | ImportEvent
  | ApiKeyEvent;

/** Every event the sales modules write, decoded in its current shape: for readers of the whole log (timelines, the streams endpoint). */
export const salesEvents = combinedCodec<SalesEvent>(
  opportunityEvents,
  accountEvents,
  accountHierarchyEvents,
  teamMemberEvents,
  assignmentRotorEvents,
  taskEvents,
  activityEvents,
  productEvents,
  quoteEvents,
  orderEvents,
  targetEvents,
  importEvents,
  apiKeyEvents,
);

/** The sales events that carry personal data, for the log's per-subject encryption (PersonalDataEventStore). */
export const salesPersonalData: PersonalDataCarriers = { ...contactPersonalData };

/**
 * How the sales processes open the log: the configured store, with contacts' personal data
 * encrypted per contact under keys on the MongoDB server in production (a database of their own),
 * in keys.db of the data folder when embedded.
 */
export const salesLogSettings = (
  config: Pick<AppConfig, 'eventStoreUrl' | 'mongodbUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'snapshotEvery'>>,
): EventStoreSettings => ({
  eventStoreUrl: config.eventStoreUrl,
  snapshotEvery: config.snapshotEvery,
  dataDir: config.dataDir,
  keyStoreUrl: config.mongodbUrl,
  personalData: salesPersonalData,
});
