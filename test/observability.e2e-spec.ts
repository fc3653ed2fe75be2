import { AppConfig } from '../src/config/app-config.js';
import { LiveMetrics } from '../src/observability/live-metrics.js';
import { Readiness } from '../src/observability/readiness.js';
import { createEventFixture } from './support/fixtures.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/** The log lines the app wrote, parsed; a line that is not JSON fails the test that reads it. */
class LogCapture {
  readonly raw: string[] = [];

  write(chunk: string): void {
    this.raw.push(...chunk.split('\n').filter(Boolean));
  }

  lines(): Record<string, unknown>[] {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** Polls `check` until it holds; the test's own timeout ends a wait that never does. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The value of one sample in a Prometheus text exposition, e.g. `podium_live_sockets{role="judge"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observability', () => {
  let t: TestApp;
  const log = new LogCapture();

  beforeAll(async () => {
    // Behind one trusted proxy, so a test can come from a public address through X-Forwarded-For.
    t = await startTestApp({ PODIUM_LOG_LEVEL: 'info', PODIUM_TRUST_PROXY: '1' }, { logDestination: log });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('logs', () => {
    it('writes every line as one JSON object with level, time, msg and context', () => {
      const lines = log.lines();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), context: expect.any(String) }));
        expect(typeof line.msg === 'string' || line.data !== undefined).toBe(true);
      }
      // Nest's own start-up lines come through the same log; its line per route only at debug.
      expect(lines).toContainEqual(expect.objectContaining({ context: 'NestApplication', msg: 'Nest application successfully started' }));
      expect(lines.some((line) => line.context === 'RouterExplorer')).toBe(false);
    });

    it("logs a REST request under nginx's request id, echoes it, and writes no secret", async () => {
      const fixture = await createEventFixture(t, { units: ['黄州区'], judges: [{ displayName: '评委一', seatLabel: 'A1' }] });
      const judgeToken = fixture.judges[0].token;
      const response = await t.http
        .get('/api/events')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .set('X-Request-Id', 'nginx-7f3a9c')
        .expect(200);
      expect(response.headers['x-request-id']).toBe('nginx-7f3a9c');
      await t.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
      await t.http.get(`/judge/${judgeToken}?lang=en`);

      await until(() => log.lines().some((line) => line.requestId === 'nginx-7f3a9c'));
      const line = log.lines().find((l) => l.requestId === 'nginx-7f3a9c')!;
      expect(line).toMatchObject({
        level: 'info',
        context: 'http',
        msg: 'GET /api/events 200',
        req: { method: 'GET', url: '/api/events' },
        res: { statusCode: 200 },
      });
      await until(() => log.lines().some((l) => typeof l.msg === 'string' && l.msg.startsWith('GET /judge/')));
      const page = log.lines().find((l) => typeof l.msg === 'string' && l.msg.startsWith('GET /judge/'))!;
      expect(page.msg).toBe(`GET /judge/[token]?… ${(page.res as { statusCode: number }).statusCode}`);
      await until(() => log.lines().some((l) => l.msg === 'POST /api/auth/login 200'));

      const everything = log.raw.join('\n');
      for (const secret of [t.adminToken, judgeToken, ADMIN_PASSWORD, 'Bearer', 'authorization']) expect(everything).not.toContain(secret);
    });

    it('gives a request without an id a new one, in the response header and in its line', async () => {
      const response = await t.http.get('/api/server').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
      const id = response.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await until(() => log.lines().some((line) => line.requestId === id && line.msg === 'GET /api/server 200'));
      // An id that could break a log line is not taken over.
      const odd = await t.http.get('/health/live').set('X-Request-Id', 'a b {"level":"fatal"}').expect(200);
      expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('metrics', () => {
    it("exposes the process's metrics and the live channel's", async () => {
      const live = t.app.get(LiveMetrics);
      live.socketOpened('judge');
      live.socketOpened('viewer');
      live.socketOpened('viewer');
      live.socketClosed('viewer');
      live.refused('too_many_screens');
      live.submission('stored');
      live.submission('unchanged');
      live.timeAck('score.submit')();
      live.versionsBehind('event-a', 3);
      live.versionsBehind('event-b', 1);
      live.packetsEncoded('update', 4);
      live.packetsEncoded('snapshot');

      const response = await t.http.get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = response.text;
      expect(sample(text, 'podium_live_sockets{role="judge"}')).toBe(1);
      expect(sample(text, 'podium_live_sockets{role="viewer"}')).toBe(1);
      expect(sample(text, 'podium_live_sockets{role="screen"}')).toBe(0);
      expect(sample(text, 'podium_live_refusals_total{code="too_many_screens"}')).toBe(1);
      expect(sample(text, 'podium_score_submissions_total{outcome="stored"}')).toBe(1);
      expect(sample(text, 'podium_score_submissions_total{outcome="refused"}')).toBe(0);
      expect(sample(text, 'podium_live_ack_seconds_count{event="score.submit"}')).toBe(1);
      expect(sample(text, 'podium_live_ack_seconds_bucket{le="5",event="score.submit"}')).toBe(1);
      expect(sample(text, 'podium_live_versions_behind')).toBe(3);
      expect(sample(text, 'podium_live_packets_encoded_total{kind="update"}')).toBe(4);
      expect(sample(text, 'podium_ready{check="database"}')).toBe(1);
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('nodejs_heap_size_used_bytes');
      // One event-loop sampler: Podium's, not a second one from prom-client's default set.
      expect(text).not.toContain('nodejs_eventloop_lag');
      await until(async () => (sample((await t.http.get('/metrics')).text, 'podium_event_loop_max_delay_seconds_count') ?? 0) > 0);

      live.versionsBehind('event-a', 0);
      expect(sample((await t.http.get('/metrics').expect(200)).text, 'podium_live_versions_behind')).toBe(1);
    });

    it('answers private addresses only, unless a token is configured', async () => {
      await t.http.get('/metrics').set('X-Forwarded-For', '8.8.8.8').expect(403);
      await t.http.get('/metrics').set('X-Forwarded-For', '192.168.1.20').expect(200);
      const config = t.app.get(AppConfig);
      config.PODIUM_METRICS_TOKEN = 'metrics-token-0123456789';
      try {
        await t.http.get('/metrics').expect(401);
        await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token').expect(401);
        await t.http.get('/metrics').set('X-Forwarded-For', '8.8.8.8').set('Authorization', 'Bearer metrics-token-0123456789').expect(200);
      } finally {
        config.PODIUM_METRICS_TOKEN = undefined;
      }
    });
  });

  describe('liveness and readiness', () => {
    it('with REDIS_URL, checks that Redis answers', async () => {
      // The machine's Redis (.ci/run starts it). Redis going away is the failing check below.
      const clustered = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
      try {
        const readiness = clustered.app.get(Readiness);
        await until(async () => (await readiness.check()).ready);
        await clustered.http
          .get('/health/ready')
          .expect(200, { status: 'ready', checks: { database: 'up', redis: 'up' }, stopping: false });
      } finally {
        await clustered.close();
      }
    });

    it('is live while it answers, ready while its dependencies answer, and says which is down', async () => {
      await t.http.get('/health/live').expect(200, { status: 'ok' });
      await t.http.get('/health/ready').expect(200, { status: 'ready', checks: { database: 'up' }, stopping: false });
      const readiness = t.app.get(Readiness);
      await until(() => readiness.isReady());

      // A dependency registered by another module (Redis, say) goes away, then comes back.
      let redisAnswers = false;
      const unregister = readiness.register('redis', () => Promise.resolve(redisAnswers));
      try {
        await t.http.get('/health/ready').expect(503, { status: 'not_ready', checks: { database: 'up', redis: 'down' }, stopping: false });
        expect(readiness.isReady()).toBe(false);
        expect(sample((await t.http.get('/metrics')).text, 'podium_ready{check="instance"}')).toBe(0);
        await until(() => log.lines().some((line) => line.context === 'Readiness' && line.msg === 'not ready: redis does not answer'));
        redisAnswers = true;
        await until(() => readiness.isReady());
        await t.http.get('/health/ready').expect(200, { status: 'ready', checks: { database: 'up', redis: 'up' }, stopping: false });
      } finally {
        unregister();
      }

      // The database goes away (its connections closed): not ready, and /health says so too.
      await t.db.drop();
      await t.http.get('/health/ready').expect(503, { status: 'not_ready', checks: { database: 'down' }, stopping: false });
      await until(() => !readiness.isReady());
      await t.http.get('/health').expect(503);
      await t.http.get('/health/live').expect(200);
    });
  });
});
