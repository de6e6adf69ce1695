import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem';

/** A path parameter that must be a record's UUID: anything else is a 400 `invalid-id` naming what was expected. */
export const uuidParam = (what: string): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => new ProblemException(400, 'invalid-id', `${/^[aeiou]/i.test(what) ? 'An' : 'A'} ${what} id is a UUID`),
  });
