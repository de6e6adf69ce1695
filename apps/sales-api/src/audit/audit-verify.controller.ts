import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ChainScope, EventStore, comparePositions, formatPosition, parsePosition } from '@ledger/event-sourcing';
import { RequestValidationError, Roles, answerDecoratorFor } from '@ledger/platform';
import { AuditVerifyQuery } from './audit-verify.query.dto';

export type ChainMismatchAnswer = {
  /** Position in the log of the first event whose hash does not match. */
  readonly position: string | null;
  readonly stream: string;
  readonly revision: number;
  /** The chain that broke there: its stream's (`streamHash`) or the log's (`logHash`). */
  readonly chain: 'stream' | 'log';
  /** The hash the event's content and its predecessor's hash give. */
  readonly expected: string;
  /** The hash stored with the event. */
  readonly found: string;
};
export type AuditVerification = {
  readonly ok: boolean;
  /** Events checked. */
  readonly checked: number;
  readonly firstMismatch: ChainMismatchAnswer | null;
  /** The last hash checked (the log's, or the stream's for `stream=`): keep it to compare with a later verification. */
  readonly headHash: string | null;
};
export type AuditVerifyAnswers = { AuditVerification: AuditVerification };
const Answers = answerDecoratorFor<AuditVerifyAnswers>();

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditVerifyController {
  constructor(private readonly store: EventStore) {}

  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      'Re-computes the hash chain (SHA-256 over each event and the one before it, per stream and over the log) and names the first event that does not match; one stream (`stream=`), a range of positions, or the whole log',
  })
  @Answers('AuditVerification')
  async verify(@Query() query: AuditVerifyQuery): Promise<AuditVerification> {
    const result = await this.store.verifyChain(scopeOf(query));
    const mismatch = result.firstMismatch;
    return {
      ok: result.ok,
      checked: result.checked,
      firstMismatch: mismatch && { ...mismatch, position: mismatch.position ? formatPosition(mismatch.position) : null },
      headHash: result.headHash,
    };
  }
}

function scopeOf(query: AuditVerifyQuery): ChainScope {
  const from = query.fromPosition === undefined ? undefined : (parsePosition(query.fromPosition) ?? undefined);
  const to = query.toPosition === undefined ? undefined : (parsePosition(query.toPosition) ?? undefined);
  if (query.stream !== undefined) {
    if (from || to) throw new RequestValidationError([{ field: 'stream', messages: ['verify one stream or a range of positions, not both'] }]);
    return { stream: query.stream };
  }
  if (from && to && comparePositions(from, to) > 0) {
    throw new RequestValidationError([{ field: 'toPosition', messages: ['toPosition must not be before fromPosition'] }]);
  }
  return { ...(from ? { fromPosition: from } : {}), ...(to ? { toPosition: to } : {}) };
}
