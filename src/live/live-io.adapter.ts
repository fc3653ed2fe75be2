import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { RedisLink } from '../cluster/redis-link.js';

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
  constructor(
    app: INestApplicationContext,
    private readonly origins: string[],
    private readonly redis: RedisLink,
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
        }),
      );
    }
    return server;
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
