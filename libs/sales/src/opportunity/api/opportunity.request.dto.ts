import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { RegisterAccountRequest } from '../../account';
import {
  type ChangeStage,
  FORECAST_CATEGORIES,
  type ForecastCategory,
  type MarkLost,
  type MarkWon,
  OPPORTUNITY_SOURCES,
  type OpportunitySource,
  type ReassignOwner,
  type Reopen,
  STAGES,
  type Stage,
  type UpdateOpportunityDetails,
} from '../domain';
import { type CommandFields, IsCalendarDate, IsMoney, IsNested, IsOptionalNotNull, IsMultilineText, IsText, MoneyRequest } from '@ledger/platform';

export class OpenOpportunityRequest {
  @ApiProperty({ example: 'Fleet renewal 2027' })
  @IsText(200)
  title!: string;

  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', description: 'A registered account (a merged one is followed to its survivor). Give one of accountId, accountName, account' })
  @IsOptionalNotNull()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ description: 'The account of this name (case and spacing ignored), registered on the fly if there is none', example: 'Acme Corporation' })
  @IsOptionalNotNull()
  @IsText(200)
  accountName?: string;

  @ApiPropertyOptional({ type: RegisterAccountRequest, description: 'A new account, registered on the fly with this profile' })
  @IsOptionalNotNull()
  @IsNested(() => RegisterAccountRequest)
  account?: RegisterAccountRequest;

  @ApiPropertyOptional({ example: 'darcel-schlecht', description: 'A rep who opens it owns it; without an owner, anyone else has it assigned by the configured rule' })
  @IsOptionalNotNull()
  @IsText(100)
  ownerId?: string;

  @ApiPropertyOptional({
    description: "Where the assignment rule looks for an owner: 'team:<managerId>', 'region:<office>' or 'all'. Default: the opener's team, else every rep",
    example: 'region:Central',
  })
  @IsOptionalNotNull()
  @Matches(/^(all|team:[^\s]{1,100}|region:.{1,100})$/, { message: "assignmentPool is 'all', 'team:<managerId>' or 'region:<office>'" })
  assignmentPool?: string;

  @ApiPropertyOptional({ type: MoneyRequest })
  @IsOptionalNotNull()
  @IsMoney()
  amount?: MoneyRequest;

  @ApiProperty({ example: '2027-03-31' })
  @IsCalendarDate()
  expectedCloseDate!: string;

  @ApiProperty({ enum: OPPORTUNITY_SOURCES })
  @IsIn(OPPORTUNITY_SOURCES)
  source!: OpportunitySource;

  @ApiPropertyOptional({ example: 'GTX Pro' })
  @IsOptionalNotNull()
  @IsText(200)
  productInterest?: string;

  @ApiPropertyOptional({ enum: STAGES, default: 'prospecting' })
  @IsOptionalNotNull()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ example: 20, description: "Overrides the stage's default probability (0-99)" })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number;

  @ApiPropertyOptional({ enum: FORECAST_CATEGORIES })
  @IsOptionalNotNull()
  @IsIn(FORECAST_CATEGORIES)
  forecastCategory?: ForecastCategory;

  @ApiPropertyOptional({
    description: 'The business day it was opened (YYYY-MM-DD), which reports group by; today (UTC) when absent; never in the future: at the latest tomorrow in UTC, for time zones ahead of UTC (422 business-date-in-the-future)',
    example: '2026-01-15',
  })
  @IsOptionalNotNull()
  @IsCalendarDate()
  openedOn?: string;
}

export class UpdateDetailsRequest implements CommandFields<UpdateOpportunityDetails, 'opportunityId'> {
  @ApiPropertyOptional({ example: 'Fleet renewal 2027, phase 2' })
  @IsOptionalNotNull()
  @IsText(200)
  title?: string;

  @ApiPropertyOptional({ type: MoneyRequest })
  @IsOptionalNotNull()
  @IsMoney()
  amount?: MoneyRequest;

  @ApiPropertyOptional({ example: '2027-03-31' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  expectedCloseDate?: string;

  @ApiPropertyOptional({ example: 'GTX Pro' })
  @IsOptionalNotNull()
  @IsText(200)
  productInterest?: string;

  @ApiPropertyOptional({ enum: OPPORTUNITY_SOURCES })
  @IsOptionalNotNull()
  @IsIn(OPPORTUNITY_SOURCES)
  source?: OpportunitySource;
}

export class ReassignOwnerRequest implements CommandFields<ReassignOwner, 'opportunityId'> {
  @ApiProperty({ example: 'darcel-schlecht' })
  @IsText(100)
  ownerId!: string;
}

export class ChangeStageRequest implements CommandFields<ChangeStage, 'opportunityId'> {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  stage!: Stage;

  @ApiPropertyOptional({ example: 'Budget moved to next quarter', type: String, nullable: true, description: 'Required when moving back to an earlier stage' })
  @IsOptional()
  @IsMultilineText(500)
  reason: string | null = null;

  @ApiPropertyOptional({ example: 40, description: "Overrides the stage's default probability (0-99)" })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number;

  @ApiPropertyOptional({ enum: FORECAST_CATEGORIES })
  @IsOptionalNotNull()
  @IsIn(FORECAST_CATEGORIES)
  forecastCategory?: ForecastCategory;
}

export class MarkWonRequest implements CommandFields<MarkWon, 'opportunityId'> {
  @ApiPropertyOptional({ type: MoneyRequest, description: 'Final amount, net of tax; defaults to the current amount' })
  @IsOptionalNotNull()
  @IsMoney()
  amount?: MoneyRequest;

  @ApiPropertyOptional({ description: 'The business day it was won (YYYY-MM-DD); today (UTC) when absent; never in the future: at the latest tomorrow in UTC, for time zones ahead of UTC (422 business-date-in-the-future)', example: '2026-01-15' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  closedOn?: string;
}

export class MarkLostRequest implements CommandFields<MarkLost, 'opportunityId'> {
  @ApiProperty({ example: 'Chose a competitor on price' })
  @IsMultilineText(500)
  reason!: string;

  @ApiPropertyOptional({ example: 'Initech', type: String, nullable: true })
  @IsOptional()
  @IsText(200)
  competitor: string | null = null;

  @ApiPropertyOptional({ description: 'The business day it was lost (YYYY-MM-DD); today (UTC) when absent; never in the future: at the latest tomorrow in UTC, for time zones ahead of UTC (422 business-date-in-the-future)', example: '2026-01-15' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  closedOn?: string;
}

export class ReopenRequest implements CommandFields<Reopen, 'opportunityId'> {
  @ApiPropertyOptional({ example: 'The customer came back', type: String, nullable: true })
  @IsOptional()
  @IsMultilineText(500)
  reason: string | null = null;

  @ApiPropertyOptional({ enum: STAGES, description: 'Defaults to the stage it was lost in' })
  @IsOptionalNotNull()
  @IsIn(STAGES)
  stage?: Stage;
}

export class ChangeAccountRequest {
  @ApiProperty({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', description: 'The account the opportunity belongs to now' })
  @IsUUID()
  accountId!: string;
}
