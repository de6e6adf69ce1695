import type { Projection } from '@ledger/read-store';
import { accountViewProjection } from './account';
import { activityViewProjection } from './activity';
import { apiKeyViewProjection } from './api-key';
import { approvalQueueProjection } from './approvals';
import { opportunityViewProjection } from './opportunity';
import { orderViewProjection } from './order';
import { productViewProjection } from './product';
import { quoteViewProjection } from './quote';
import { timelineProjection } from './relationships';
import { salesFactsProjection } from './reports';
import { targetViewProjection } from './target';
import { taskViewProjection } from './task';
import { teamMemberViewProjection } from './team';

/** Every read model of the sales modules, for the apps that run or rebuild them. */
export const salesProjections: readonly Projection[] = [
  opportunityViewProjection,
  productViewProjection,
  quoteViewProjection,
  orderViewProjection,
  accountViewProjection,
  teamMemberViewProjection,
  taskViewProjection,
  activityViewProjection,
  timelineProjection,
  targetViewProjection,
  salesFactsProjection,
  approvalQueueProjection,
  apiKeyViewProjection,
];
