import { ValidationPipe } from '@nestjs/common';
import { validationError } from './api-error.js';

/** One validation policy for REST bodies and socket payloads: unknown fields are refused, not dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: validationError,
  });
}
