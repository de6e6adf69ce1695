import { combinedCodec } from '@ledger/event-sourcing';
import { type AccountEvent, accountEvents, type AccountHierarchyEvent, accountHierarchyEvents } from './account';
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
