import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { isPlainObject } from '@ledger/event-sourcing/kernel';
import { type FieldError, RequestValidationError } from './problem';

const flatten = (errors: ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Unknown fields are refused, not dropped, so a client's typo never goes unnoticed. A body a
 * request class describes is a JSON object: `null`, an array or a bare value is refused (the
 * pipe would otherwise pass a `null` body on as a request with no fields).
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined && !isPlainObject(value) && this.toValidate(metadata)) {
      throw new RequestValidationError([{ field: 'body', messages: ['The body must be a JSON object'] }]);
    }
    return super.transform(value, metadata);
  }
}

export const requestValidationPipe = (): ValidationPipe =>
  new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
