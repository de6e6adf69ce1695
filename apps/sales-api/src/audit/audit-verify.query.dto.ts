import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const STREAM_NAME = /^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/;
const POSITION = /^\d{1,20}(?:\.\d{1,20})?$/;

export class AuditVerifyQuery {
  @ApiPropertyOptional({ description: 'Verify this stream only (its own chain), e.g. opportunity-<id>' })
  @IsOptional()
  @Matches(STREAM_NAME, { message: 'stream must be a stream name, <category>-<id>' })
  stream?: string;

  @ApiPropertyOptional({ description: 'First position of the log to verify (inclusive), as answers give positions; default the start of the log' })
  @IsOptional()
  @Matches(POSITION, { message: 'fromPosition must be a log position' })
  fromPosition?: string;

  @ApiPropertyOptional({ description: 'Last position of the log to verify (inclusive); default the newest event' })
  @IsOptional()
  @Matches(POSITION, { message: 'toPosition must be a log position' })
  toPosition?: string;
}
