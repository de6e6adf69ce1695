import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ConsistencyQuery } from '@ledger/read-store';
import { type CommandFields, IsMoney, IsText, MoneyRequest } from '@ledger/platform';
import type { SetTarget } from '../domain';

const PERIOD = /^\d{4}-(?:Q[1-4]|0[1-9]|1[0-2])$/;
const PERIOD_MESSAGE = 'period is a month (2017-08) or a quarter (2017-Q3)';

export class SetTargetRequest implements CommandFields<SetTarget, 'targetId'> {
  @ApiProperty({ enum: ['agent', 'team'], description: "An agent's own target, or a manager's whole team's" })
  @IsIn(['agent', 'team'])
  scope!: 'agent' | 'team';

  @ApiProperty({ example: 'darcel-schlecht', description: 'The agent, or the manager whose team it is' })
  @IsText(100)
  subjectId!: string;

  @ApiProperty({ example: '2017-Q3' })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period!: string;

  @ApiProperty({ type: MoneyRequest, description: 'Revenue to win in the period, net of tax' })
  @IsMoney()
  amount!: MoneyRequest;
}

export class ListTargetsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ example: '2017-Q3' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(100)
  subjectId?: string;
}

export class GetTargetRequest extends ConsistencyQuery {}
