import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { JudgeView, ScreenView } from '../src/contracts/live.js';
import type { PodiumDocument, Report } from '../src/scoring/index.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const example = JSON.parse(readFileSync('docs/example-huanggang.json', 'utf8')) as PodiumDocument;

/**
 * The worked example in docs/, played through the live server as a real show (setup over REST,
 * judges scoring over their sockets, the organizer revealing each talk): what the server shows
 * is what `npx podium compute docs/example-huanggang.json` prints.
 */
describe('the worked example, replayed live', () => {
  let t: TestApp;
  let eventId: string;
  let publicCode: string;
  const roundIds = new Map<string, string>();
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const post = async (path: string, body: object = {}, status = 201) =>
    (await t.http.post(path).set(auth()).send(body).expect(status)).body;

  beforeAll(async () => {
    t = await startTestApp();
    const event = await post('/api/events', { name: example.event.name, rule: example.event.rule, standings: example.event.standings });
    eventId = event.id;
    publicCode = event.publicCode;
    const criteria = new Map<string, string>();
    for (const c of example.criteria)
      criteria.set(
        c.id,
        (
          await post(`/api/events/${eventId}/criteria`, {
            name: c.name,
            minScore: c.minScore,
            maxScore: c.maxScore,
            step: c.step,
            weight: c.weight,
          })
        ).id,
      );
    const groups = new Map<string, string>();
    for (const g of example.groups) groups.set(g.name, (await post(`/api/events/${eventId}/groups`, g)).id);
    const presenters = new Map<string, string>();
    for (const p of example.presenters)
      presenters.set(p.id, (await post(`/api/events/${eventId}/presenters`, { title: p.title, unit: p.unit })).id);
    const tablets = new Map<string, LiveClient<JudgeView>>();
    for (const j of example.judges) {
      const created = await post(`/api/events/${eventId}/judges`, {
        displayName: j.label,
        seatLabel: j.label,
        groupId: j.group ? groups.get(j.group) : null,
        conflictUnits: j.conflicts,
      });
      tablets.set(
        j.id,
        await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: new URL(created.link).pathname.split('/').pop()! }),
      );
    }
    for (const round of example.rounds) {
      const created = await post(`/api/events/${eventId}/rounds`, { topic: round.topic, lecturer: round.lecturer });
      roundIds.set(round.id, created.id);
      const talks = [];
      for (const p of [...round.presentations].sort((a, b) => a.order - b.order)) {
        talks.push({
          source: p,
          id: (
            await post(`/api/events/${eventId}/rounds/${created.id}/presentations`, {
              presenterId: presenters.get(p.presenter),
              position: p.order,
            })
          ).id as string,
        });
      }
      await post(`/api/events/${eventId}/rounds/${created.id}/start`, {}, 200);
      for (const talk of talks) {
        await post(`/api/events/${eventId}/presentations/${talk.id}/stage`, {}, 200);
        await post(`/api/events/${eventId}/presentations/${talk.id}/open-scoring`, {}, 200);
        for (const score of talk.source.scores) {
          const values = Object.entries(score.values).map(([criterionId, value]) => ({ criterionId: criteria.get(criterionId)!, value }));
          const ack = await tablets.get(score.judge)!.submit({ idempotencyKey: crypto.randomUUID(), presentationId: talk.id, values });
          expect(ack).toMatchObject({ ok: true });
        }
        await post(`/api/events/${eventId}/presentations/${talk.id}/close-scoring`, {}, 200);
        await post(`/api/events/${eventId}/presentations/${talk.id}/reveal`, {}, 200);
      }
      await post(`/api/events/${eventId}/rounds/${created.id}/finish`, {}, 200);
    }
    tablets.forEach((tablet) => tablet.close());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('shows the same results, ranks, standings and explanations as the command line', async () => {
    const { stdout } = await run(process.execPath, ['bin/podium.js', 'compute', 'docs/example-huanggang.json', '--resamples', '10'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const cli = JSON.parse(stdout) as Report;
    const units = new Map(example.presenters.map((p) => [p.id, p.unit]));
    for (const round of cli.rounds) {
      const server = (
        await t.http
          .get(`/api/events/${eventId}/rounds/${roundIds.get(round.roundId)}/results`)
          .set(auth())
          .expect(200)
      ).body;
      const serverUnits = new Map<string, string>(server.presenters.map((p: { id: string; unit: string }) => [p.id, p.unit]));
      type Line = {
        presenterId: string;
        rounded: string;
        exact: string;
        rank: number;
        provisional: string[];
        judges: { label: string; total: string | null; status: string }[];
        trace: { step: string }[];
      };
      const view = (lines: Line[], unitOf: (id: string) => string | undefined) =>
        lines.map((r) => [
          unitOf(r.presenterId),
          r.rounded,
          r.exact,
          r.rank,
          r.provisional,
          r.judges.map((j) => [j.label, j.total, j.status]),
          r.trace.map((s) => s.step),
        ]);
      expect(view(server.result.presentations, (id) => serverUnits.get(id))).toEqual(
        view(round.results as unknown as Line[], (id) => units.get(id)),
      );
    }
    const standings = (await t.http.get(`/api/events/${eventId}/standings`).set(auth()).expect(200)).body;
    const serverUnits = new Map<string, string>(standings.presenters.map((p: { id: string; unit: string }) => [p.id, p.unit]));
    expect(
      standings.entries.map((e: { presenterId: string; rounded: string; rank: number }) => [
        serverUnits.get(e.presenterId),
        e.rounded,
        e.rank,
      ]),
    ).toEqual(cli.standings.entries.map((e) => [units.get(e.presenterId), e.rounded, e.rank]));
  });

  it("shows the last round's board on the big screen as the command line ranks it", async () => {
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: publicCode });
    try {
      const { stdout } = await run(process.execPath, ['bin/podium.js', 'compute', 'docs/example-huanggang.json', '--resamples', '10'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const last = (JSON.parse(stdout) as Report).rounds.at(-1)!;
      expect(screen.view.board?.entries.map((e) => [e.presenter.unit, e.final, e.rank])).toEqual(
        last.results.map((r) => [r.presenter.unit, r.rounded, r.rank]),
      );
    } finally {
      screen.close();
    }
  });
});
