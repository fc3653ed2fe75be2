import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';

/**
 * socket.io with the configured origins only: by default the live channel serves Podium's own
 * pages. The CORS setting covers only socket.io's HTTP requests; a WebSocket upgrade from another
 * site's page is refused here too. Clients that are not web pages send no Origin and are let in.
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly origins: string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    return super.createIOServer(port, {
      ...options,
      cors: this.origins.length ? { origin: this.origins } : undefined,
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) =>
        callback(null, originAllowed(request, this.origins)),
    } as ServerOptions);
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
