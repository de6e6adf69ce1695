import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerDecoratorFor, Roles } from '@ledger/platform';
import { type Page, ReadsFrom } from '@ledger/read-store';
import { accountViewProjection, ListContactsQuery } from '../read-models';
import type { ContactResource } from '../read-models/contact-search/contact-search.document';
import { ListContactsRequest } from './account.request.dto';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ContactAnswers = { ContactPage: Page<ContactResource> };
const Answers = answerDecoratorFor<ContactAnswers>();

/** Contacts are changed through their account (POST /accounts/{id}/contacts...); here they are found across accounts. */
@ApiTags('accounts')
@ApiBearerAuth()
/** Contacts are people's personal data: every role reads them but analysts, who get reports and aggregates. */
@Roles('rep', 'manager', 'admin', 'auditor')
@Controller('contacts')
export class ContactController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(accountViewProjection.name)
  @ApiOperation({ summary: 'Contacts across accounts by name, with their account; ?q= finds words of the name, e-mail or phone (case and accents ignored)' })
  @Answers('ContactPage')
  list(@Query() request: ListContactsRequest) {
    return this.queries.execute(new ListContactsQuery({ q: request.q, accountId: request.accountId, limit: request.limit ?? 50, cursor: request.cursor }));
  }
}
