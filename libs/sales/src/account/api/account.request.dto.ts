import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { type CommandFields, IsNested, IsOptionalNotNull, IsMultilineText, IsText, RevenueRequest } from '@ledger/platform';
import { ConsistencyQuery } from '@ledger/read-store';
import {
  type AccountProfileChanges,
  type AddContact,
  CONTACT_CHANNELS,
  type ContactChannel,
  type ContactDetailsChanges,
  type ContactPersonalChanges,
  type EraseContact,
  type MergeAccount,
  type RemoveContact,
  type RenameAccount,
} from '../domain';
import { ACCOUNT_LIST_STATUSES, type AccountListStatus } from '../read-models';

// A field of a change request is either absent (unchanged), null (cleared, where the field may be
// empty) or a value; only a value is validated. An absent field is left out of the command, never
// passed on as undefined.

/** Absent or null needs no check. */
const Clearable = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined && value !== null);
/** Absent needs no check; null is refused like any other invalid value. */
const Changeable = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** `{ [key]: value }` when the value was given (null included), else nothing. */
const given = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export class RenameAccountRequest implements CommandFields<RenameAccount, 'accountId'> {
  @ApiProperty({ example: 'Acme Group' }) @IsText(200) name!: string;
}

export class UpdateAccountProfileRequest {
  @ApiPropertyOptional({ nullable: true, example: 'technology' }) @Clearable() @IsText(100) sector?: string | null;
  @ApiPropertyOptional({ nullable: true, example: 1996 }) @Clearable() @IsInt() @Min(1800) @Max(3000) yearEstablished?: number | null;
  @ApiPropertyOptional({ type: RevenueRequest, nullable: true }) @Clearable() @IsNested(() => RevenueRequest) annualRevenue?: RevenueRequest | null;
  @ApiPropertyOptional({ nullable: true, example: 2822 }) @Clearable() @IsInt() @Min(0) employees?: number | null;
  @ApiPropertyOptional({ nullable: true, example: 'United States' }) @Clearable() @IsText(200) officeLocation?: string | null;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', nullable: true, description: 'The account this one is a subsidiary of; null: none' })
  @Clearable()
  @IsUUID()
  parentAccountId?: string | null;
}

export const profileChangesOf = (request: UpdateAccountProfileRequest): AccountProfileChanges => {
  const { annualRevenue } = request;
  return {
    ...given('sector', request.sector),
    ...given('yearEstablished', request.yearEstablished),
    ...given('annualRevenue', annualRevenue && { amountMinor: annualRevenue.amountMinor, currency: annualRevenue.currency }),
    ...given('employees', request.employees),
    ...given('officeLocation', request.officeLocation),
    ...given('parentAccountId', request.parentAccountId),
  };
};

export class MergeAccountRequest implements CommandFields<MergeAccount, 'accountId'> {
  @ApiProperty({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', description: 'The account that survives; the one in the path is the duplicate merged into it' })
  @IsUUID()
  intoAccountId!: string;
}

export class AddContactRequest {
  @ApiProperty({ example: 'Anna Schmidt' }) @IsText(200) fullName!: string;
  @ApiPropertyOptional({ example: 'anna@acme.example' }) @IsOptionalNotNull() @IsText(320) email?: string;
  @ApiPropertyOptional({ example: '+49 30 1234567' }) @IsOptionalNotNull() @IsText(40) phone?: string;
  @ApiPropertyOptional({ example: 'Head of Purchasing' }) @IsOptionalNotNull() @IsText(200) title?: string;
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS }) @IsOptionalNotNull() @IsIn(CONTACT_CHANNELS) preferredChannel?: ContactChannel;
}

/** A new contact, with what is personal kept apart (see ContactPersonalData); an absent field is empty. */
export const newContactOf = (request: AddContactRequest): Pick<AddContact, 'personal' | 'title' | 'preferredChannel'> => ({
  personal: { fullName: request.fullName, email: request.email ?? null, phone: request.phone ?? null },
  title: request.title ?? null,
  preferredChannel: request.preferredChannel ?? null,
});

export class UpdateContactRequest {
  @ApiPropertyOptional({ example: 'Anna Schmidt-Meyer' }) @Changeable() @IsText(200) fullName?: string;
  @ApiPropertyOptional({ example: 'ada@acme.example', nullable: true }) @Clearable() @IsText(320) email?: string | null;
  @ApiPropertyOptional({ example: '+1 555 0100', nullable: true }) @Clearable() @IsText(40) phone?: string | null;
  @ApiPropertyOptional({ example: 'Head of Procurement', nullable: true }) @Clearable() @IsText(200) title?: string | null;
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, nullable: true }) @Clearable() @IsIn(CONTACT_CHANNELS) preferredChannel?: ContactChannel | null;
}

/** What an update changes about the contact, and about the person (kept apart: see ContactPersonalData). */
export const contactChangesOf = (
  request: UpdateContactRequest,
): { changes: ContactDetailsChanges; personal: ContactPersonalChanges } => ({
  changes: { ...given('title', request.title), ...given('preferredChannel', request.preferredChannel) },
  personal: { ...given('fullName', request.fullName), ...given('email', request.email), ...given('phone', request.phone) },
});

export class RemoveContactRequest implements CommandFields<RemoveContact, 'accountId' | 'contactId'> {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Left the company' }) @IsOptional() @IsMultilineText(1000) reason: string | null = null;
}

export class EraseContactRequest implements CommandFields<EraseContact, 'accountId' | 'contactId'> {
  @ApiProperty({ example: 'Erasure request of the data subject (GDPR art. 17), ticket 4711', description: 'Why; kept in the log with who erased and when (no personal data here)' })
  @IsMultilineText(1000)
  reason!: string;
}

export class ListAccountsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ description: "Words that begin words of the name or of a contact's name, e-mail or phone (case and accents ignored)", example: 'acme' })
  @IsOptional()
  @IsText(200)
  q?: string;
  @ApiPropertyOptional({ example: 'technology' }) @IsOptional() @IsText(100) sector?: string;
  @ApiPropertyOptional({ enum: ACCOUNT_LIST_STATUSES, default: 'active' }) @IsOptional() @IsIn(ACCOUNT_LIST_STATUSES) status?: AccountListStatus;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class ListContactsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ description: 'Words that begin words of the name, e-mail or phone (case and accents ignored)', example: 'chloe' })
  @IsOptional()
  @IsText(200)
  q?: string;
  @ApiPropertyOptional({ description: "Only this account's contacts" }) @IsOptional() @IsUUID() accountId?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}
