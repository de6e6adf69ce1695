import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadsFrom } from '@ledger/read-store';
import { accountViewProjection, ListContactsQuery } from '../read-models';
import { ListContactsRequest } from './account.request.dto';

/** Contacts are changed through their account (POST /accounts/{id}/contacts...); here they are found across accounts. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(accountViewProjection.name)
  @ApiOperation({ summary: 'Contacts across accounts by name, with their account; ?q= finds words of the name, e-mail or phone (case and accents ignored)' })
  list(@Query() request: ListContactsRequest) {
    return this.queries.execute(new ListContactsQuery({ q: request.q, accountId: request.accountId, limit: request.limit ?? 50, cursor: request.cursor }));
  }
}
