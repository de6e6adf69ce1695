import type { CommandContext } from '@ledger/event-sourcing';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { COMMAND_ROLES, type CommandAnswer, CurrentActor, Roles, runCommand, uuidParam, runCreate } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import {
  AddContactCommand,
  MergeAccountsCommand,
  RegisterAccountCommand,
  RemoveContactCommand,
  RenameAccountCommand,
  UpdateAccountProfileCommand,
  UpdateContactCommand,
} from '../application';
import { accountViewProjection, ListAccountsQuery } from '../read-models';
import {
  AddContactRequest,
  contactChangesOf,
  ListAccountsRequest,
  MergeAccountRequest,
  profileChangesOf,
  RemoveContactRequest,
  RenameAccountRequest,
  UpdateAccountProfileRequest,
  UpdateContactRequest,
} from './account.request.dto';
import { profileOf, RegisterAccountRequest } from './register-account.request.dto';

const accountId = uuidParam('account');
const contactId = uuidParam('account contact');

/** One account is read, with its pipeline and activities, under GET /accounts/{id} (another module). */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key append nothing and answer as the first time' })
@ApiResponse({ status: 400, description: 'Invalid input (problem+json, code validation-failed)' })
@ApiResponse({ status: 403, description: 'Role refused' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Controller('accounts')
export class AccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ReadsFrom(accountViewProjection.name)
  @ApiOperation({ summary: 'Accounts by name; by text in the name, sector and status (active unless asked)' })
  list(@Query() request: ListAccountsRequest) {
    return this.queries.execute(
      new ListAccountsQuery({
        q: request.q,
        sector: request.sector,
        status: request.status ?? 'active',
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Post()
  @HttpCode(201)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Register an account (a parent account must be registered and not merged)' })
  async register(
    @Body() body: RegisterAccountRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const register = (id: string, context: CommandContext) => new RegisterAccountCommand(id, { name: body.name, ...profileOf(body) }, context);
    return runCreate(this.commands, { request, reply, actor }, register, '/accounts');
  }

  @Post(':id/name')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Rename the account' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the revision the change is based on (412 if stale)' })
  rename(
    @Param('id', accountId) id: string,
    @Body() body: RenameAccountRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new RenameAccountCommand(id, { name: body.name }, c));
  }

  @Post(':id/profile')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Change the profile: a field given sets it, null clears it, an absent one stays as it is' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the revision the change is based on (412 if stale)' })
  updateProfile(
    @Param('id', accountId) id: string,
    @Body() body: UpdateAccountProfileRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new UpdateAccountProfileCommand(id, { changes: profileChangesOf(body) }, c));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Merge this duplicate account into intoAccountId, which survives (managers and admins)' })
  merge(
    @Param('id', accountId) id: string,
    @Body() body: MergeAccountRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new MergeAccountsCommand(id, { intoAccountId: body.intoAccountId }, c));
  }

  @Post(':id/contacts')
  @HttpCode(201)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Add a contact; the answer carries its id' })
  async addContact(
    @Param('id', accountId) id: string,
    @Body() body: AddContactRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCreate(
      this.commands,
      { request, reply, actor },
      (newContactId, context) =>
        new AddContactCommand(
          id,
          {
            contactId: newContactId,
            personal: { fullName: body.fullName, email: body.email ?? null, phone: body.phone ?? null },
            title: body.title ?? null,
            preferredChannel: body.preferredChannel ?? null,
          },
          context,
        ),
    );
  }

  @Post(':id/contacts/:contactId')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Change a contact: a field given sets it, null clears it (not fullName), an absent one stays as it is' })
  updateContact(
    @Param('id', accountId) id: string,
    @Param('contactId', contactId) contact: string,
    @Body() body: UpdateContactRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new UpdateContactCommand(id, { contactId: contact, ...contactChangesOf(body) }, c));
  }

  @Post(':id/contacts/:contactId/remove')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Remove a contact (its id stays taken)' })
  removeContact(
    @Param('id', accountId) id: string,
    @Param('contactId', contactId) contact: string,
    @Body() body: RemoveContactRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new RemoveContactCommand(id, { contactId: contact, reason: body.reason ?? null }, c));
  }
}
