import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ROLES, type Role } from '@ledger/event-sourcing';
import { type CommandFields, IsMultilineText, IsText } from '@ledger/platform';
import { ConsistencyQuery } from '@ledger/read-store';
import type { IssueApiKey, RevokeApiKey } from '../domain';

export class CreateApiKeyRequest implements Omit<CommandFields<IssueApiKey, 'keyId'>, 'secretHash'> {
  @ApiProperty({ example: 'CRM nightly import', description: 'Which client holds the key' })
  @IsText(100)
  name!: string;

  @ApiProperty({
    enum: ROLES,
    isArray: true,
    example: ['admin'],
    description: 'admin, auditor and/or analyst (a rep or manager key is refused: api-key-role-not-allowed); a request acts in the most privileged of them that its route allows',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class RevokeApiKeyRequest implements CommandFields<RevokeApiKey, 'keyId'> {
  @ApiProperty({ example: 'The integration was retired' })
  @IsMultilineText(500)
  reason!: string;
}

export class ListApiKeysRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class GetApiKeyRequest extends ConsistencyQuery {}
