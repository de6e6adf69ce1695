import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext } from '@ledger/event-sourcing';
import { answerDecoratorFor, COMMAND_ROLES, CommandRoute, Context, CurrentActor, NewId, Roles, uuidParam } from '@ledger/platform';
import { ReadsFrom, type Page } from '@ledger/read-store';
import { AccountCommandMessage, EraseContactCommand, MergeAccountsCommand } from '../application';
import { accountViewProjection, ListAccountsQuery } from '../read-models';
import {
  AddContactRequest,
  contactChangesOf,
  EraseContactRequest,
  ListAccountsRequest,
  MergeAccountRequest,
  newContactOf,
  profileChangesOf,
  RemoveContactRequest,
  RenameAccountRequest,
  UpdateAccountProfileRequest,
  UpdateContactRequest,
} from './account.request.dto';
import { profileOf, RegisterAccountRequest } from './register-account.request.dto';
import type { AccountSummary } from '../read-models/list-accounts/account-summary';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type AccountAnswers = { AccountPage: Page<AccountSummary> };
const Answers = answerDecoratorFor<AccountAnswers>();

const accountId = uuidParam('account');
const contactId = uuidParam('account contact');

/** One account is read, with its pipeline and activities, under GET /accounts/{id} (another module). */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ReadsFrom(accountViewProjection.name)
  @ApiOperation({ summary: "Accounts by name; by text in the name (or a current contact's name, e-mail or phone; not for analysts), sector and status (active unless asked)" })
  @Answers('AccountPage')
  list(@Query() request: ListAccountsRequest, @CurrentActor() actor: Actor) {
    return this.queries.execute(
      new ListAccountsQuery({
        q: request.q,
        // Analysts never see contacts' personal data, so they cannot find accounts by it either.
        searchContacts: actor.role !== 'analyst',
        sector: request.sector,
        status: request.status ?? 'active',
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @CommandRoute('', 'Register an account (a parent account must be registered and not merged)', { creates: 'id', location: '/accounts' })
  @Roles(...COMMAND_ROLES)
  register(@NewId() id: string, @Body() body: RegisterAccountRequest, @Context() context: CommandContext) {
    return this.commands.execute(new AccountCommandMessage({ type: 'RegisterAccount', accountId: id, name: body.name, ...profileOf(body) }, context));
  }

  @CommandRoute(':id/name', 'Rename the account')
  @Roles(...COMMAND_ROLES)
  rename(@Param('id', accountId) id: string, @Body() body: RenameAccountRequest, @Context() context: CommandContext) {
    return this.commands.execute(new AccountCommandMessage({ type: 'RenameAccount', accountId: id, ...body }, context));
  }

  @CommandRoute(':id/profile', 'Change the profile: a field given sets it, null clears it, an absent one stays as it is')
  @Roles(...COMMAND_ROLES)
  updateProfile(@Param('id', accountId) id: string, @Body() body: UpdateAccountProfileRequest, @Context() context: CommandContext) {
    return this.commands.execute(new AccountCommandMessage({ type: 'UpdateAccountProfile', accountId: id, changes: profileChangesOf(body) }, context));
  }

  @CommandRoute(':id/merge', 'Merge this duplicate account into intoAccountId, which survives (managers and admins)')
  @Roles('manager', 'admin')
  merge(@Param('id', accountId) id: string, @Body() body: MergeAccountRequest, @Context() context: CommandContext) {
    return this.commands.execute(new MergeAccountsCommand({ accountId: id, ...body }, context));
  }

  @CommandRoute(':id/contacts', 'Add a contact; the answer carries its id', { creates: 'id' })
  @Roles(...COMMAND_ROLES)
  addContact(@Param('id', accountId) id: string, @NewId() newContactId: string, @Body() body: AddContactRequest, @Context() context: CommandContext) {
    return this.commands.execute(new AccountCommandMessage({ type: 'AddContact', accountId: id, contactId: newContactId, ...newContactOf(body) }, context));
  }

  @CommandRoute(':id/contacts/:contactId', 'Change a contact: a field given sets it, null clears it (not fullName), an absent one stays as it is')
  @Roles(...COMMAND_ROLES)
  updateContact(
    @Param('id', accountId) id: string,
    @Param('contactId', contactId) contact: string,
    @Body() body: UpdateContactRequest,
    @Context() context: CommandContext,
  ) {
    return this.commands.execute(new AccountCommandMessage({ type: 'UpdateContact', accountId: id, contactId: contact, ...contactChangesOf(body) }, context));
  }

  @CommandRoute(':id/contacts/:contactId/remove', 'Remove a contact (its id stays taken)')
  @Roles(...COMMAND_ROLES)
  removeContact(
    @Param('id', accountId) id: string,
    @Param('contactId', contactId) contact: string,
    @Body() body: RemoveContactRequest,
    @Context() context: CommandContext,
  ) {
    return this.commands.execute(new AccountCommandMessage({ type: 'RemoveContact', accountId: id, contactId: contact, ...body }, context));
  }

  @CommandRoute(
    ':id/contacts/:contactId/erase',
    "Erase the contact's personal data (GDPR art. 17, admins): its data key is destroyed, so name, e-mail and phone read \"[erased]\" everywhere, history included; the log records who, when and why. Again: nothing new, the key stays destroyed",
  )
  @Roles('admin')
  eraseContact(
    @Param('id', accountId) id: string,
    @Param('contactId', contactId) contact: string,
    @Body() body: EraseContactRequest,
    @Context() context: CommandContext,
  ) {
    return this.commands.execute(new EraseContactCommand({ accountId: id, contactId: contact, reason: body.reason }, context));
  }
}
