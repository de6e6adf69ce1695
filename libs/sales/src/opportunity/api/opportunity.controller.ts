import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/event-sourcing';
import { COMMAND_ROLES, CommandRoute, Context, NewId, RequestValidationError, Roles, uuidParam } from '@ledger/platform';
import { profileOf } from '../../account';
import type { AssignmentPool } from '../../team';
import { type AccountChoice, ChangeOpportunityAccountCommand, type Opening, OpenOpportunityCommand, OpportunityCommandMessage } from '../application';
import {
  ChangeAccountRequest,
  ChangeStageRequest,
  MarkLostRequest,
  MarkWonRequest,
  OpenOpportunityRequest,
  ReassignOwnerRequest,
  ReopenRequest,
  UpdateDetailsRequest,
} from './opportunity.request.dto';

const accountChoiceOf = (body: OpenOpportunityRequest): AccountChoice => {
  const given = [body.accountId, body.accountName, body.account].filter((value) => value !== undefined).length;
  // Invalid input (400), like any other malformed body: `account-required` (422) is the domain's rule that an opportunity has an account.
  if (given !== 1) throw new RequestValidationError([{ field: 'accountId', messages: ['give exactly one of accountId, accountName or account'] }]);
  if (body.accountId !== undefined) return { kind: 'id', accountId: body.accountId };
  if (body.accountName !== undefined) return { kind: 'name', name: body.accountName };
  return { kind: 'new', name: body.account!.name, profile: profileOf(body.account!) };
};

const poolOf = (pool: string | undefined): AssignmentPool | null => {
  if (pool === undefined) return null;
  if (pool === 'all') return { kind: 'all' };
  const [kind, ...rest] = pool.split(':');
  return kind === 'team' ? { kind: 'team', managerId: rest.join(':') } : { kind: 'region', office: rest.join(':') };
};

const openingOf = (opportunityId: string, body: OpenOpportunityRequest): Opening => ({
  opportunityId,
  title: body.title,
  account: accountChoiceOf(body),
  ownerId: body.ownerId ?? null,
  pool: poolOf(body.assignmentPool),
  amount: body.amount ?? null,
  expectedCloseDate: body.expectedCloseDate,
  source: body.source,
  productInterest: body.productInterest ?? null,
  stage: body.stage,
  probability: body.probability,
  forecastCategory: body.forecastCategory,
  openedOn: body.openedOn,
});

const opportunityId = uuidParam('opportunity');

@ApiTags('opportunities')
@ApiBearerAuth()
@Roles(...COMMAND_ROLES)
@Controller('opportunities')
export class OpportunityController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute('', 'Open an opportunity', { creates: 'id', location: '/opportunities' })
  open(@NewId() id: string, @Body() body: OpenOpportunityRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpenOpportunityCommand(openingOf(id, body), context));
  }

  @CommandRoute(':id/details', 'Change title, amount, expected close date, product interest or source')
  updateDetails(@Param('id', opportunityId) id: string, @Body() body: UpdateDetailsRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpportunityCommandMessage({ type: 'UpdateOpportunityDetails', opportunityId: id, ...body }, context));
  }

  @CommandRoute(':id/owner', 'Reassign the owner')
  reassignOwner(@Param('id', opportunityId) id: string, @Body() body: ReassignOwnerRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpportunityCommandMessage({ type: 'ReassignOwner', opportunityId: id, ...body }, context));
  }

  @CommandRoute(':id/account', 'Move the opportunity to another account (a correction; merges move opportunities by themselves)')
  changeAccount(@Param('id', opportunityId) id: string, @Body() body: ChangeAccountRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ChangeOpportunityAccountCommand({ opportunityId: id, accountId: body.accountId, reason: 'correction' }, context));
  }

  @CommandRoute(':id/stage', 'Move to another stage (backwards needs a reason); may override probability and forecast category')
  changeStage(@Param('id', opportunityId) id: string, @Body() body: ChangeStageRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpportunityCommandMessage({ type: 'ChangeStage', opportunityId: id, ...body }, context));
  }

  @CommandRoute(':id/won', 'Mark won (needs a positive amount)')
  markWon(@Param('id', opportunityId) id: string, @Body() body: MarkWonRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpportunityCommandMessage({ type: 'MarkWon', opportunityId: id, ...body }, context));
  }

  @CommandRoute(':id/lost', 'Mark lost (reason required)')
  markLost(@Param('id', opportunityId) id: string, @Body() body: MarkLostRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpportunityCommandMessage({ type: 'MarkLost', opportunityId: id, ...body }, context));
  }

  @CommandRoute(':id/reopen', 'Reopen a lost opportunity')
  reopen(@Param('id', opportunityId) id: string, @Body() body: ReopenRequest, @Context() context: CommandContext) {
    return this.commands.execute(new OpportunityCommandMessage({ type: 'Reopen', opportunityId: id, ...body }, context));
  }
}
