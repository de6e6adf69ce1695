import type { ArgumentMetadata, NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import type { Command, CommandBus, Query, QueryBus } from '@nestjs/cqrs';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { from, lastValueFrom } from 'rxjs';
import type { Actor, CommandContext, CommandResult, WithoutTimeAndActor } from '@ledger/event-sourcing';
import {
  ALLOWED_ROLES,
  type CommandAnswer,
  type CommandRequest,
  commandContextFrom,
  recordIdFor,
  RequestValidationError,
  requestValidationPipe,
} from '@ledger/platform';
import { AccountCommandMessage, MergeAccountsCommand } from '../application';
import type { AddContact, RegisterAccount, RemoveContact, UpdateAccountProfile, UpdateContact } from '../domain';
import { ListAccountsQuery } from '../read-models';
import { AccountController } from './account.controller';
import {
  AddContactRequest,
  ListAccountsRequest,
  RemoveContactRequest,
  UpdateAccountProfileRequest,
  UpdateContactRequest,
} from './account.request.dto';
import { RegisterAccountRequest } from './register-account.request.dto';

const ACME = '9c1d2e3f-0000-4000-8000-00000000000a';
const GLOBEX = '9c1d2e3f-0000-4000-8000-00000000000b';
const CONTACT = '4a5b6c7d-1111-4000-8000-00000000000a';
const ACTOR: Actor = { userId: 'ana', role: 'rep' };
const MAX: Actor = { userId: 'max', role: 'manager' };

/** What the controller sent on the bus for one account command. */
type Sent<C> = { readonly command: WithoutTimeAndActor<C>; readonly context: CommandContext };
type AuthenticatedRequest = CommandRequest & { readonly actor: Actor };

const pipe = requestValidationPipe();
const valid = <T>(metatype: new () => T, value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<T> =>
  pipe.transform(value, { type, metatype }) as Promise<T>;
const refusedFields = async (metatype: new () => unknown, value: unknown): Promise<string[]> => {
  try {
    await valid(metatype, value);
  } catch (error) {
    if (error instanceof RequestValidationError) return error.errors.map((e) => e.field);
    throw error;
  }
  return [];
};

describe('AccountController', () => {
  let sent: (Command<CommandResult> | Query<unknown>)[];
  let headers: Record<string, string>;
  let controller: AccountController;
  const reply = () => ({ header: (name: string, value: string) => (headers[name] = value) });
  const request = (body: unknown, extra: Record<string, string> = {}, actor: Actor = ACTOR): AuthenticatedRequest => ({
    headers: { ...extra },
    method: 'POST',
    url: '/accounts',
    body,
    actor,
  });
  const last = <T>(): T => sent.at(-1) as T;

  /**
   * A command route as Nest runs it: the request's context (and the id a create makes) in, the
   * answer and its headers out through the route's interceptor. A create names its new id only
   * with an Idempotency-Key, which fixes the command id for both.
   */
  const routed = async (
    route: keyof AccountController,
    http: AuthenticatedRequest,
    run: (context: CommandContext, newId: string) => Promise<CommandResult>,
  ): Promise<CommandAnswer> => {
    const context = commandContextFrom(http, http.actor);
    const [interceptor] = Reflect.getMetadata(INTERCEPTORS_METADATA, AccountController.prototype[route]) as NestInterceptor<CommandResult, CommandAnswer>[];
    const answered = await interceptor.intercept(new ExecutionContextHost([http, reply()]), {
      handle: () => from(run(context, recordIdFor(context.commandId))),
    });
    return lastValueFrom(answered);
  };

  beforeEach(() => {
    sent = [];
    headers = {};
    const bus = {
      execute: (message: Command<CommandResult> | Query<unknown>) => {
        sent.push(message);
        return Promise.resolve(message instanceof ListAccountsQuery ? { items: [], nextCursor: null } : { id: ACME, revision: 3, position: null });
      },
    };
    controller = new AccountController(bus as unknown as CommandBus, bus as unknown as QueryBus);
  });

  describe('roles', () => {
    const rolesOf = (route: keyof AccountController) => Reflect.getMetadata(ALLOWED_ROLES, AccountController.prototype[route]) as unknown;

    it('lets reps, managers and admins change accounts and contacts, and only managers and admins merge', () => {
      for (const route of ['register', 'rename', 'updateProfile', 'addContact', 'updateContact', 'removeContact'] as const) {
        expect(rolesOf(route)).toEqual(['rep', 'manager', 'admin']);
      }
      expect(rolesOf('merge')).toEqual(['manager', 'admin']);
    });

    it('lets every role list accounts', () => {
      expect(rolesOf('list')).toBeUndefined();
      expect(Reflect.getMetadata(ALLOWED_ROLES, AccountController)).toBeUndefined();
    });
  });

  it('registers an account under an id fixed by the command id, and says where it is', async () => {
    const body = await valid(RegisterAccountRequest, { name: 'Acme Corporation', sector: 'Manufacturing', parentAccountId: GLOBEX });
    const answer = await routed('register', request(body, { 'idempotency-key': 'k-1' }), (context, id) => controller.register(id, body, context));
    const message = last<Sent<RegisterAccount>>();
    const command = message.command;
    expect(message).toBeInstanceOf(AccountCommandMessage);
    expect(command.accountId).toBe(recordIdFor(message.context.commandId));
    expect(command).toEqual({
      type: 'RegisterAccount',
      accountId: command.accountId,
      name: 'Acme Corporation',
      sector: 'Manufacturing',
      yearEstablished: null,
      annualRevenue: null,
      employees: null,
      officeLocation: null,
      parentAccountId: GLOBEX,
    });
    expect(answer).toEqual({ id: command.accountId, revision: 3, position: null });
    expect(headers).toMatchObject({ Location: `/accounts/${command.accountId}`, ETag: '"3"' });
  });

  it('merges the account of the path into the one of the body', async () => {
    const answer = await routed('merge', request({}, {}, MAX), (context) => controller.merge(ACME, { intoAccountId: GLOBEX }, context));
    expect(last<MergeAccountsCommand>()).toMatchObject({ merge: { accountId: ACME, intoAccountId: GLOBEX } });
    expect(answer.id).toBe(ACME);
  });

  it('adds a contact under an id fixed by the command id, and answers with that id', async () => {
    const body = await valid(AddContactRequest, { fullName: 'Anna Schmidt', email: 'anna@acme.example' });
    const answer = await routed('addContact', request(body, { 'idempotency-key': 'k-2' }), (context, id) => controller.addContact(ACME, id, body, context));
    const message = last<Sent<AddContact>>();
    const command = message.command;
    expect(message).toBeInstanceOf(AccountCommandMessage);
    expect(command.accountId).toBe(ACME);
    expect(command).toEqual({
      type: 'AddContact',
      accountId: ACME,
      contactId: recordIdFor(message.context.commandId),
      personal: { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: null },
      title: null,
      preferredChannel: null,
    });
    expect(answer).toEqual({ id: command.contactId, revision: 3, position: null });
  });

  it('changes only the profile fields given, clearing those given as null', async () => {
    const body = await valid(UpdateAccountProfileRequest, {
      sector: null,
      employees: 12,
      annualRevenue: { amountMinor: 100, currency: 'EUR' },
    });
    await routed('updateProfile', request(body), (context) => controller.updateProfile(ACME, body, context));
    const { changes } = last<Sent<UpdateAccountProfile>>().command;
    expect(changes).toEqual({ sector: null, employees: 12, annualRevenue: { amountMinor: 100, currency: 'EUR' } });
    expect(Object.keys(changes).sort()).toEqual(['annualRevenue', 'employees', 'sector']);

    const empty = await valid(UpdateAccountProfileRequest, {});
    await routed('updateProfile', request(empty), (context) => controller.updateProfile(ACME, empty, context));
    expect(last<Sent<UpdateAccountProfile>>().command).toEqual({ type: 'UpdateAccountProfile', accountId: ACME, changes: {} });
  });

  it('changes only the contact fields given, keeping what is personal apart', async () => {
    const body = await valid(UpdateContactRequest, { fullName: 'Anna Schmidt-Meyer', phone: null, title: null });
    await routed('updateContact', request(body), (context) => controller.updateContact(ACME, CONTACT, body, context));
    expect(last<Sent<UpdateContact>>().command).toMatchObject({ accountId: ACME });
    expect(last<Sent<UpdateContact>>().command).toEqual({
      type: 'UpdateContact',
      accountId: ACME,
      contactId: CONTACT,
      changes: { title: null },
      personal: { fullName: 'Anna Schmidt-Meyer', phone: null },
    });
  });

  it('removes a contact without a reason, also when the request has no body', async () => {
    const body = await valid(RemoveContactRequest, undefined);
    const answer = await routed('removeContact', request(undefined), (context) => controller.removeContact(ACME, CONTACT, body, context));
    expect(last<Sent<RemoveContact>>().command).toEqual({ type: 'RemoveContact', accountId: ACME, contactId: CONTACT, reason: null });
    expect(answer.id).toBe(ACME);
  });

  it('lists active accounts, 50 at a time, unless asked otherwise', async () => {
    await controller.list(await valid(ListAccountsRequest, {}, 'query'), ACTOR);
    expect(last<ListAccountsQuery>().filter).toEqual({ searchContacts: true, status: 'active', limit: 50 });
    await controller.list(await valid(ListAccountsRequest, { q: 'acme', sector: 'Energy', status: 'all', limit: '10', cursor: 'abc' }, 'query'), ACTOR);
    expect(last<ListAccountsQuery>().filter).toEqual({ q: 'acme', searchContacts: true, sector: 'Energy', status: 'all', limit: 10, cursor: 'abc' });
  });

  it("searches an analyst's q in the accounts' own fields only, never in contacts' personal data", async () => {
    await controller.list(await valid(ListAccountsRequest, { q: 'anna' }, 'query'), { userId: 'ada', role: 'analyst' });
    expect(last<ListAccountsQuery>().filter).toMatchObject({ q: 'anna', searchContacts: false });
  });

  describe('validation', () => {
    it('takes a profile change of only some fields, any of them null', async () => {
      expect(await refusedFields(UpdateAccountProfileRequest, {})).toEqual([]);
      expect(
        await refusedFields(UpdateAccountProfileRequest, {
          sector: null,
          yearEstablished: null,
          annualRevenue: null,
          employees: null,
          officeLocation: null,
          parentAccountId: null,
        }),
      ).toEqual([]);
    });

    it('refuses invalid profile values and unknown fields', async () => {
      expect(
        await refusedFields(UpdateAccountProfileRequest, {
          sector: '',
          yearEstablished: 1700,
          annualRevenue: { amountMinor: -1, currency: 'EUR' },
          employees: 1.5,
          parentAccountId: 'acme',
          name: 'Acme',
        }),
      ).toEqual(expect.arrayContaining(['sector', 'yearEstablished', 'annualRevenue.amountMinor', 'employees', 'parentAccountId', 'name']));
    });

    it('refuses a contact without a name, or an unknown channel; a change may not clear the name', async () => {
      expect(await refusedFields(AddContactRequest, { email: 'anna@acme.example' })).toEqual(['fullName']);
      expect(await refusedFields(AddContactRequest, { fullName: 'Anna', preferredChannel: 'fax' })).toEqual(['preferredChannel']);
      expect(await refusedFields(UpdateContactRequest, { fullName: null })).toEqual(['fullName']);
      expect(await refusedFields(UpdateContactRequest, { email: null, phone: null, title: null, preferredChannel: null })).toEqual([]);
      expect(await refusedFields(UpdateContactRequest, { preferredChannel: 'fax' })).toEqual(['preferredChannel']);
    });

    it('refuses an unknown list status', async () => {
      expect(await refusedFields(ListAccountsRequest, { status: 'deleted' })).toEqual(['status']);
    });
  });
});
