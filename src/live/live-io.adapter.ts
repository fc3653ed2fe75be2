import type { IncomingMessage } from 'node:http';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { RedisLink } from '../cluster/redis-link.js';
import type { LiveMetrics } from '../observability/live-metrics.js';
import type { ClientToServerEvents, LiveAck, ScoreReceipt } from '../contracts/live.js';

/**
 * socket.io with the configured origins only: by default the live channel serves Podium's own
 * pages. The CORS setting covers only socket.io's HTTP requests; a WebSocket upgrade from another
 * site's page is refused here too. Clients that are not web pages send no Origin and are let in.
 *
 * With REDIS_URL, the instances share the live channel through socket.io's Redis streams adapter
 * (docs/scale-out.md says why that one): a room's message, a disconnect or a look-up of sockets
 * reaches every instance, and each instance hears the others' news (ClusterLink).
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveIoAdapter');

  constructor(
    app: INestApplicationContext,
    private readonly origins: string[],
    private readonly redis: RedisLink,
    private readonly metrics: LiveMetrics,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: this.origins.length ? { origin: this.origins } : undefined,
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) =>
        callback(null, originAllowed(request, this.origins)),
    } as ServerOptions) as Server;
    const client = this.redis.adapterClient;
    if (client) {
      server.adapter(
        createAdapter(client, {
          streamName: this.redis.key('socket.io'),
          channelPrefix: this.redis.key('socket.io'),
          // Live messages are JSON: no binary attachments to look for.
          onlyPlaintext: true,
          // How long a read of the stream waits when nothing comes: a stopping instance lets go of Redis within a second.
          blockTimeInMs: 1_000,
        }),
      );
    }
    return server;
  }

  /**
   * Nest's own binding builds an RxJS pipeline per socket and message (kilobytes for each of ten
   * thousand viewers who never send a message): here a socket costs one plain listener per
   * message, and a pipeline exists only while a message is answered. The behaviour is Nest's: the
   * handler's result (a value, a promise or an observable) is the acknowledgement. Each ack is
   * timed here, refusals included, and a submission counted by its outcome.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        // As RxJS's fromEvent gives it: one argument as itself, several as an array.
        const { data, ack: given } = this.mapPayload(args.length === 1 ? args[0] : args);
        // The ack as the handler and the exception filter (a refusal) see it: timed and counted once, whichever answers.
        const acked = this.metrics.timeAck(message as keyof ClientToServerEvents);
        const ack =
          typeof given === 'function'
            ? (response: unknown) => {
                acked();
                if (message === 'score.submit') this.countSubmission(response as LiveAck<ScoreReceipt>);
                (given as (value: unknown) => void)(response);
              }
            : given;
        let result: Observable<unknown>;
        try {
          result = transform(callback(data, ack));
        } catch (error) {
          this.log.error(error);
          return;
        }
        result.subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const { event, data: payload } = response as { event?: string; data?: unknown };
            if (event) socket.emit(event, payload);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (error: unknown) => this.log.error(error),
        });
      });
    }
  }

  private countSubmission(answer: LiveAck<ScoreReceipt>): void {
    this.metrics.submission(!answer.ok ? 'refused' : answer.data.replayed ? 'unchanged' : 'stored');
  }
}

/** No Origin (not a browser page), Podium's own origin (the host the request was sent to), or a configured one. */
export function originAllowed(request: Pick<IncomingMessage, 'headers'>, origins: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (origins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
