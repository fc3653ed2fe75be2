// Attendee ballots under a hall's load (issue 14): BALLOTS ballots cast within SECONDS while a panel
// of judges scores, measured against the same judges scoring for as long with no ballot.
// Reported: ballots counted, duplicates (0), lost (0), the ballots' ack times, how often the tally
// reached a big screen, and the judges' ack p50/p99 with and without the ballots.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type {
  BallotCodeDto,
  BallotPageDto,
  BallotReceiptDto,
  BallotScreenView,
  CastBallotPayload,
  PollDto,
} from '../../src/contracts/index.js';
import type { Organizer, BenchEvent } from './podium-live.js';
import { submit } from './podium-live.js';
import { connectWithRetry, type Refusals } from './crowd.js';
import { Follower, LightSocket } from './light-socket.js';
import { sleep, spread, type Spread } from './stats.js';

export interface BallotBenchSize {
  /** Ballot codes, one per attendee: the first two thirds in the main hall, the rest in a remote hall. */
  ballots: number;
  /** The ballots are spread evenly over this window, as a hall votes once the poll opens. */
  seconds: number;
  /** Of the codes, this share changes its ballot once more within the window. */
  changeShare: number;
  /** Of the codes, this share sends its ballot twice with the same key (an ack lost on the Wi-Fi). */
  replayShare: number;
  /** Each judge submits a score this often (ms) throughout both runs. */
  judgeEveryMs: number;
  /** Ballots in flight at most (phones waiting for their answer). */
  concurrency: number;
}

export interface BallotFigures {
  size: BallotBenchSize;
  codes: number;
  /** Requests sent (first ballots, changes, replays), acked, refused by code. */
  sent: number;
  acked: number;
  refused: Refusals;
  ballotAck: Spread;
  ballotsPerSecond: number;
  /** In the database after the run: one ballot per code that voted, each with its last acked total. */
  counted: number;
  duplicates: number;
  lost: number;
  /** Replays answered as such (nothing stored twice), of those sent. */
  replaysRecognised: number;
  replays: number;
  /** The big screen's `ballot.tally` messages: how many, per second while ballots arrived, and from the last ack to the final count on screen. */
  tally: { messages: number; perSecond: number; gapMs: Spread; finalCount: number; lastAckToScreenMs: number };
  /** The judges' submit → ack, with no ballot and with the ballots arriving. */
  judges: { without: Spread; with: Spread; refusedWithout: Refusals; refusedWith: Refusals };
}

/** Judges submitting every `everyMs` each until `stop()`; their ack times. */
function scoring(judges: Follower[], event: BenchEvent, everyMs: number) {
  const acks: number[] = [];
  const refused: Refusals = {};
  let running = true;
  const done = Promise.all(
    judges.map(async (judge, i) => {
      await sleep((everyMs * i) / judges.length);
      while (running) {
        const sent = performance.now();
        const ack = await submit(judge, event);
        if (ack?.ok) acks.push(performance.now() - sent);
        else {
          const code = ack ? ack.error.code : 'no_ack';
          refused[code] = (refused[code] ?? 0) + 1;
        }
        const wait = sent + everyMs - performance.now();
        if (wait > 0) await sleep(wait);
      }
    }),
  );
  return {
    acks,
    refused,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Runs `tasks` with at most `limit` in flight, each started no earlier than its `at` (ms from now). */
async function paced<T>(tasks: { at: number; run: () => Promise<T> }[], limit: number): Promise<T[]> {
  const start = performance.now();
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        const wait = start + tasks[i].at - performance.now();
        if (wait > 0) await sleep(wait);
        results[i] = await tasks[i].run();
      }
    }),
  );
  return results;
}

const INDICATORS = ['政治站位', '理论深度', '联系实际', '指导作用', '授课效果'];

export async function measureBallots(
  o: { baseUrl: string; t: Organizer; heartbeatMs: number; progress: (step: string) => void },
  event: BenchEvent,
  size: BallotBenchSize,
): Promise<BallotFigures> {
  const auth = { Authorization: `Bearer ${o.t.adminToken}` };
  const api = `/api/events/${event.eventId}`;
  o.progress(`ballots: the card, ${size.ballots} codes in two halls`);
  await o.t.http
    .put(`${api}/ballot-card`)
    .set(auth)
    .send({ indicators: INDICATORS, scale: 'points', max: '20', step: '1', levels: [] })
    .expect(200);
  const main = Math.ceil((size.ballots * 2) / 3);
  const codes: BallotCodeDto[] = [];
  for (const [hall, count] of [
    ['主会场', main],
    ['分会场', size.ballots - main],
  ] as const) {
    await o.t.http.post(`${api}/ballot-codes`).set(auth).send({ hall, count }).expect(201);
    codes.push(...((await o.t.http.get(`${api}/ballot-codes/print`).query({ hall }).set(auth).expect(200)).body as BallotCodeDto[]));
  }

  o.progress(`ballots: ${event.judges.length} judges and a big screen connect`);
  const refusals: Refusals = {};
  const judges = await Promise.all(
    event.judges.map((j) => connectWithRetry(o.baseUrl, { role: 'judge', token: j.token }, { heartbeatMs: o.heartbeatMs }, refusals)),
  );
  const screen = new Follower(new LightSocket(o.baseUrl, { role: 'screen', code: event.publicCode }, { heartbeatMs: o.heartbeatMs }));
  const tallies: { at: number; tally: BallotScreenView }[] = [];
  screen.socket.on('ballot.tally', (data) => tallies.push({ at: performance.now(), tally: data as BallotScreenView }));
  await screen.socket.open();

  o.progress(`ballots: judges score for ${size.seconds} s with no ballot`);
  const quiet = scoring(judges, event, size.judgeEveryMs);
  await sleep(size.seconds * 1000);
  await quiet.stop();

  const poll = (await o.t.http.post(`${api}/polls`).set(auth).send({ roundId: event.roundId }).expect(201)).body as PollDto;
  o.progress(`ballots: ${size.ballots} ballots within ${size.seconds} s while the judges score`);
  // Each code's ballot: five marks from 10 to 20, the same every run; a change adds one point to the first mark.
  const marks = (i: number, change = 0) =>
    INDICATORS.map((_, k) => String(Math.min(20, 10 + ((i * 7 + k * 3) % 11) + (k === 0 ? change : 0))));
  const total = (values: string[]) => values.reduce((sum, v) => sum + Number(v), 0); // whole points: exact in a double
  const window = size.seconds * 1000;
  const changers = Math.round(codes.length * size.changeShare);
  const replayers = Math.round(codes.length * size.replayShare);
  interface Cast {
    code: number;
    key: string;
    values: string[];
    replay: boolean;
  }
  const casts: { at: number; cast: Cast }[] = codes.map((_, i) => ({
    at: (i / codes.length) * window * 0.8,
    cast: { code: i, key: randomUUID(), values: marks(i), replay: false },
  }));
  for (let i = 0; i < replayers; i++) casts.push({ at: casts[i].at + 200, cast: { ...casts[i].cast, replay: true } });
  for (let i = 0; i < changers; i++) {
    const code = codes.length - 1 - i;
    casts.push({
      at: window * 0.8 + (i / Math.max(1, changers)) * window * 0.2,
      cast: { code, key: randomUUID(), values: marks(code, 1), replay: false },
    });
  }
  casts.sort((a, b) => a.at - b.at);

  const busy = scoring(judges, event, size.judgeEveryMs);
  const refused: Refusals = {};
  const ackTimes: number[] = [];
  let lastAck = 0;
  let replaysRecognised = 0;
  const acked = new Map<number, { revision: number; total: number }>();
  const started = performance.now();
  const results = await paced(
    casts.map(({ at, cast }) => ({
      at,
      run: async () => {
        const payload: CastBallotPayload = { idempotencyKey: cast.key, pollId: poll.id, values: cast.values };
        const sent = performance.now();
        const response = await fetch(`${o.baseUrl}/api/ballot/${encodeURIComponent(codes[cast.code].code)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        }).catch(() => null);
        const now = performance.now();
        if (!response || response.status >= 300) {
          const body = response ? ((await response.json().catch(() => ({}))) as { code?: string }) : {};
          const code = body.code ?? (response ? `http_${response.status}` : 'network');
          refused[code] = (refused[code] ?? 0) + 1;
          return false;
        }
        const receipt = (await response.json()) as BallotReceiptDto;
        ackTimes.push(now - sent);
        lastAck = Math.max(lastAck, now);
        if (cast.replay && receipt.replayed) replaysRecognised++;
        const held = acked.get(cast.code);
        if (!held || receipt.revision > held.revision) acked.set(cast.code, { revision: receipt.revision, total: total(cast.values) });
        return true;
      },
    })),
    size.concurrency,
  );
  const castSeconds = (lastAck - started) / 1000;
  await busy.stop();

  // The screen's tally catches up with the last ballot within a few pushes: every change counted.
  const deadline = performance.now() + 60_000;
  const changes = [...acked.values()].reduce((n, a) => n + a.revision, 0);
  const ofPoll = () => tallies.filter((x) => x.tally.pollId === poll.id);
  while (!ofPoll().some((x) => x.tally.changes >= changes) && performance.now() < deadline) await sleep(50);
  const reached = ofPoll().find((x) => x.tally.changes >= changes);
  const finalCount = () => ofPoll().reduce((n, x) => Math.max(n, x.tally.ballots), 0);
  const during = tallies.filter((x) => x.at >= started && x.at <= lastAck);

  // Before the poll closes: what the database holds for it, and each code's ballot as its phone reads it back.
  const [stored] = await o.t.db.query<{ n: string; keys: string }>(
    `SELECT count(*) AS n, count(DISTINCT voter_key) AS keys FROM ballot WHERE poll_id = $1`,
    [poll.id],
  );
  o.progress(`ballots: reading back the ${acked.size} acked ballots, each as its phone would`);
  const readBack = await paced(
    [...acked].map(([code, last]) => ({
      at: 0,
      run: async () => {
        const page = (await (await fetch(`${o.baseUrl}/api/ballot/${encodeURIComponent(codes[code].code)}`)).json()) as BallotPageDto;
        return page.mine !== null && page.mine.revision === last.revision && Number(page.mine.total) === last.total;
      },
    })),
    size.concurrency,
  );
  await o.t.http.post(`${api}/polls/${poll.id}/close`).set(auth).send({}).expect(200);
  judges.forEach((j) => j.socket.close());
  screen.socket.close();

  const counted = Number(stored.n);
  return {
    size,
    codes: codes.length,
    sent: casts.length,
    acked: results.filter(Boolean).length,
    refused,
    ballotAck: spread(ackTimes),
    ballotsPerSecond: Math.round(results.filter(Boolean).length / castSeconds),
    counted,
    duplicates: counted - Number(stored.keys),
    // A ballot acked that its code does not read back as last acked (missing, or another revision or total) is lost.
    lost: readBack.filter((ok) => !ok).length,
    replaysRecognised,
    replays: replayers,
    tally: {
      messages: tallies.length,
      perSecond: Math.round((during.length / castSeconds) * 10) / 10,
      gapMs: spread(during.slice(1).map((x, i) => x.at - during[i].at)),
      finalCount: finalCount(),
      lastAckToScreenMs: reached ? Math.round(reached.at - lastAck) : NaN,
    },
    judges: { without: spread(quiet.acks), with: spread(busy.acks), refusedWithout: quiet.refused, refusedWith: busy.refused },
  };
}
