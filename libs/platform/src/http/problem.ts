import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details, plus the stable `code` clients branch on. */
export type ProblemDocument = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
};

export const problemType = (code: string): string => `urn:sales-ledger:problem:${code}`;

/** An HTTP-level refusal with a stable code (bad header, unknown record, ...). */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail, status);
  }
}

export type FieldError = { field: string; messages: string[] };

/** The body or query did not pass validation; nothing was decided. */
export class RequestValidationError extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super('The request is invalid', 400);
  }
}
