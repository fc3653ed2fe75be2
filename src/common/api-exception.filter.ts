import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { logRefusal, toErrorBody } from './api-error.js';

/** Every REST refusal in one shape (see ApiErrorBody); a 500 is logged and says nothing more. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    logRefusal(this.logger, body, exception);
    host.switchToHttp().getResponse<Response>().status(body.statusCode).json(body);
  }
}
