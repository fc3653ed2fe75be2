// The bare baseline of the live channel: a plain socket.io server (the version Podium uses, with the
// gateway's ping settings), in its own process so that it does not share the bench's CPU. Screens
// (auth role 'screen') join one room and get a snapshot on connect; the bench's control connection
// sets the message and asks for broadcasts. Remote viewers (role 'viewer') are screens here. Prints {"port": …} on stdout once listening.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

type Message = Record<string, unknown>;

const http = createServer();
// As the gateway (src/live/live.gateway.ts), but the control connection may send a large message.
const io = new Server(http, { maxHttpBufferSize: 16 * 1024 * 1024, pingInterval: 5_000, pingTimeout: 5_000, serveClient: false });
let version = 0;
let update: Message = {};
let snapshot: Message = {};

io.on('connection', (socket) => {
  socket.on('time.sync', (ack: (reply: unknown) => void) => ack({ ok: true, data: { serverTime: new Date().toISOString() } }));
  const role = (socket.handshake.auth as { role?: string }).role;
  if (role === 'screen' || role === 'viewer') {
    void socket.join('screens');
    socket.emit('snapshot', { ...snapshot, version, serverTime: new Date().toISOString() });
    return;
  }
  // The bench's control connection.
  socket.on('bench.message', (message: { update: Message; snapshot: Message }, ack: (version: number) => void) => {
    ({ update, snapshot } = message);
    ack(version);
  });
  socket.on('bench.broadcast', (ack: (version: number) => void) => {
    version++;
    // A patch on the version before (as Podium's updates are), or a complete view as servers before them sent.
    const base = 'base' in update ? { base: version - 1 } : {};
    io.to('screens').emit('update', { ...update, ...base, version, serverTime: new Date().toISOString() });
    ack(version);
  });
});

// Node's default backlog (511) unless BENCH_BARE_BACKLOG says otherwise (the kernel caps it at net.core.somaxconn).
http.listen({ port: 0, host: '127.0.0.1', backlog: Number(process.env.BENCH_BARE_BACKLOG ?? 511) }, () => {
  const address = http.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
