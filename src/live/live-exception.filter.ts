import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { logRefusal, toErrorBody } from '../common/api-error.js';
import type { LiveAck } from '../contracts/live.js';

/**
 * A refused socket message is answered through its ack, like a successful one, so the tablet's
 * callback always fires and says why. Messages sent without an ack get an `exception` event.
 */
@Catch()
export class LiveExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('LiveGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toErrorBody(exception);
    logRefusal(this.logger, error, exception);
    const ack: unknown = host.getArgByIndex(2);
    if (typeof ack === 'function') {
      (ack as (reply: LiveAck<never>) => void)({ ok: false, error });
    } else {
      host.switchToWs().getClient<Socket>().emit('exception', error);
    }
  }
}
