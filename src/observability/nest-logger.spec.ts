import { Logs } from './logs.js';
import { NestLogs } from './nest-logger.js';

function capture(level: 'info' | 'debug' = 'info') {
  const raw: string[] = [];
  const logs = new Logs({ level, destination: { write: (line: string) => void raw.push(line) } });
  return { logs, nest: new NestLogs(logs), lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe(NestLogs.name, () => {
  it("takes Nest's last argument as the context, and an error's stack apart", () => {
    const { nest, lines } = capture();
    nest.log('started', 'NestApplication');
    nest.warn('no context');
    const error = new Error('boom');
    nest.error('could not welcome a judge', error.stack, 'LiveGateway');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', context: 'NestApplication', msg: 'started' }),
      expect.objectContaining({ level: 'warn', context: 'app', msg: 'no context' }),
      expect.objectContaining({ level: 'error', context: 'LiveGateway', msg: 'could not welcome a judge', stack: error.stack }),
    ]);
  });

  it("writes Nest's start-up bookkeeping at debug", () => {
    const { nest, lines } = capture();
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(lines()).toEqual([]);
  });

  it('carries the bindings of the work being served', async () => {
    const { logs, nest, lines } = capture();
    await logs.within({ requestId: 'r-1' }, async () => {
      await Promise.resolve();
      nest.log('inside', 'Api');
    });
    nest.log('outside', 'Api');
    expect(lines().map(({ msg, requestId }) => ({ msg, requestId }))).toEqual([
      { msg: 'inside', requestId: 'r-1' },
      { msg: 'outside', requestId: undefined },
    ]);
  });
});

describe(Logs.name, () => {
  it("gives the live channel a logger per connection, and never writes a secret key's value", () => {
    const { logs, lines } = capture();
    logs.forConnection('sock-9', { eventId: 'e-1' }).info({ auth: { role: 'judge', token: 'secret-link-token' } }, 'handshake');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'live',
        connection: 'sock-9',
        eventId: 'e-1',
        msg: 'handshake',
        auth: { role: 'judge', token: '[redacted]' },
      }),
    ]);
  });
});
