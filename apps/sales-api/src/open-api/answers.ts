import type { ProjectionAnswers } from '@ledger/read-store';
import type { AccountAnswers } from '@ledger/sales/account/api/account.controller';
import type { ContactAnswers } from '@ledger/sales/account/api/contact.controller';
import type { ApiKeyAnswers } from '@ledger/sales/api-key/api/api-key.controller';
import type { ActivityAnswers } from '@ledger/sales/activity/api/activity.controller';
import type { ApprovalAnswers } from '@ledger/sales/approvals/api/approvals.controller';
import type { ImportAnswers } from '@ledger/sales/import/api/import.controller';
import type { OpportunityQueryAnswers } from '@ledger/sales/opportunity/api/opportunity-queries.controller';
import type { OrderAnswers } from '@ledger/sales/order/api/order.controller';
import type { ProductAnswers } from '@ledger/sales/product/api/product.controller';
import type { QuoteAnswers } from '@ledger/sales/quote/api/quote-queries.controller';
import type { AccountOverviewAnswers } from '@ledger/sales/relationships/api/account-overview.controller';
import type { TeamOverviewAnswers } from '@ledger/sales/relationships/api/team-overview.controller';
import type { ReportAnswers } from '@ledger/sales/reports/api/reports.controller';
import type { TargetAnswers } from '@ledger/sales/target/api/target.controller';
import type { TaskAnswers } from '@ledger/sales/task/api/task.controller';
import type { AuditHistoryAnswers } from '../audit/audit-history.controller';
import type { AuditVerifyAnswers } from '../audit/audit-verify.controller';
import type { StreamAnswers } from '../streams/streams.controller';

/**
 * Every answer the API documents, by schema name: each controller declares what its routes answer,
 * and `npm run openapi:answers` derives the schemas from these types.
 */
export type ApiAnswers = AccountAnswers &
  AuditHistoryAnswers &
  AuditVerifyAnswers &
  AccountOverviewAnswers &
  ActivityAnswers &
  ApiKeyAnswers &
  ApprovalAnswers &
  ContactAnswers &
  ImportAnswers &
  OpportunityQueryAnswers &
  OrderAnswers &
  ProductAnswers &
  ProjectionAnswers &
  QuoteAnswers &
  ReportAnswers &
  StreamAnswers &
  TargetAnswers &
  TaskAnswers &
  TeamOverviewAnswers;
