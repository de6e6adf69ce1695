import { Module } from '@nestjs/common';
import { AccountModule } from './account';
import { ApiKeyModule } from './api-key';
import { ActivityModule } from './activity';
import { ApprovalsModule } from './approvals';
import { OpportunityModule } from './opportunity';
import { OrderModule } from './order';
import { SalesProcessesModule } from './processes';
import { ProductModule } from './product';
import { QuoteModule } from './quote';
import { RelationshipsModule } from './relationships';
import { ImportModule } from './import';
import { ReportsModule } from './reports';
import { TargetModule } from './target';
import { TaskModule } from './task';
import { TeamModule } from './team';

/** Every sales module: their command and query handlers, controllers, the process managers' handlers and the scheduled jobs. */
@Module({
  imports: [
    TeamModule,
    ApiKeyModule,
    AccountModule,
    OpportunityModule,
    ProductModule,
    QuoteModule,
    OrderModule,
    ApprovalsModule,
    TaskModule,
    ActivityModule,
    RelationshipsModule,
    TargetModule,
    ReportsModule,
    ImportModule,
    SalesProcessesModule,
  ],
})
export class SalesModule {}
