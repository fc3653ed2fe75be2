import type { EventDetailDto, ProgrammeFillDto } from '../src/contracts/rest.js';
import type { ScreenView } from '../src/contracts/live.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * An organizer fixing setup mistakes: duplicates refused, every item removable or movable until
 * what a started or revealed result depends on would change, the programme filled in one action.
 * Every refusal names its reason and changes nothing.
 */
describe('fixing setup mistakes', () => {
  let t: TestApp;
  let eventId: string;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const path = (p: string) => `/api/events/${eventId}${p}`;
  const post = (p: string, body: object, status = 201) => t.http.post(path(p)).set(auth()).send(body).expect(status);
  const patch = (p: string, body: object, status = 200) => t.http.patch(path(p)).set(auth()).send(body).expect(status);
  const del = (p: string, status = 204) => t.http.delete(path(p)).set(auth()).expect(status);
  const detail = async () => (await t.http.get(path('')).set(auth()).expect(200)).body as EventDetailDto;
  /** A refusal: the status and code, and the event exactly as before. */
  const refused = async (request: () => Promise<{ body: { code: string } }>, code: string) => {
    const before = await detail();
    const res = await request();
    expect(res.body.code).toBe(code);
    expect(await detail()).toEqual(before);
  };

  beforeAll(async () => {
    t = await startTestApp();
    eventId = (await t.http.post('/api/events').set(auth()).send({ name: '专题学习会' }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  it('refuses a second criterion, topic or presenter of the same name, and a rename onto one', async () => {
    const content = (await post('/criteria', { name: '思路举措', maxScore: '60', step: '0.5' })).body;
    await post('/criteria', { name: '现场表达', maxScore: '40', step: '0.5' });
    await refused(() => post('/criteria', { name: '现场表达', maxScore: '40', step: '0.5' }, 409), 'already_exists');
    await refused(() => patch(`/criteria/${content.id}`, { name: '现场表达' }, 409), 'already_exists');

    const topic = (await post('/rounds', { topic: '专题一：推动高质量发展' })).body;
    await post('/rounds', { topic: '专题二：全面深化改革' });
    await refused(() => post('/rounds', { topic: '专题一：推动高质量发展' }, 409), 'already_exists');
    await refused(() => patch(`/rounds/${topic.id}`, { topic: '专题二：全面深化改革' }, 409), 'already_exists');

    await post('/presenters', { title: '县委书记', unit: '红安县' });
    await refused(() => post('/presenters', { title: '县委书记', unit: '红安县' }, 409), 'already_exists');
    // The same unit with another title is another person.
    await post('/presenters', { title: '县长', unit: '红安县' });
  });

  it('removes and moves criteria, numbering the rubric 1, 2, 3 again', async () => {
    const extra = (await post('/criteria', { name: '作风形象', maxScore: '10', step: '1' })).body;
    let rubric = (await detail()).criteria;
    expect(rubric.map((c) => [c.position, c.name])).toEqual([
      [1, '思路举措'],
      [2, '现场表达'],
      [3, '作风形象'],
    ]);
    const moved = (await post(`/criteria/${extra.id}/move`, { position: 1 }, 200)).body as { name: string }[];
    expect(moved.map((c) => c.name)).toEqual(['作风形象', '思路举措', '现场表达']);
    rubric = (await detail()).criteria;
    await del(`/criteria/${rubric[1].id}`);
    rubric = (await detail()).criteria;
    expect(rubric.map((c) => [c.position, c.name])).toEqual([
      [1, '作风形象'],
      [2, '现场表达'],
    ]);
    await post('/criteria', { name: '思路举措', maxScore: '60', step: '0.5' });
  });

  it('removes a typo presenter with the talks planned for them, and fills every topic in one change', async () => {
    const typo = (await post('/presenters', { title: '县委书记', unit: '麻城币' })).body;
    await post('/presenters', { title: '县委书记', unit: '麻城市' });
    await post('/presenters', { title: '县委书记', unit: '黄梅县' });
    const before = await detail();
    const fill = (await post('/programme/fill', {}, 200)).body as ProgrammeFillDto;
    // 5 presenters × 2 topics, nothing drawn.
    expect(fill).toEqual({ added: 10, drawn: [] });
    let after = await detail();
    expect(after.version).toBe(before.version + 1);
    for (const round of after.rounds) expect(round.presentations.map((p) => p.position)).toEqual([1, 2, 3, 4, 5]);

    await del(`/presenters/${typo.id}`);
    after = await detail();
    expect(after.presenters.map((p) => p.unit)).not.toContain('麻城币');
    for (const round of after.rounds) {
      expect(round.presentations).toHaveLength(4);
      expect(round.presentations.map((p) => p.position)).toEqual([1, 2, 3, 4]);
    }

    // Filling again adds nothing; with a draw, each topic gets its own recorded seed.
    const drawn = (await post('/programme/fill', { draw: true }, 200)).body as ProgrammeFillDto;
    expect(drawn.added).toBe(0);
    expect(drawn.drawn.map((d) => d.roundId)).toEqual(after.rounds.map((r) => r.id));
    const seeds = (await detail()).rounds.map((r) => r.drawSeed);
    expect(seeds).toEqual(drawn.drawn.map((d) => d.seed));
  });

  it('removes and moves topics and talks that have not started, and refuses once they have', async () => {
    const third = (await post('/rounds', { topic: '专题三：乡村振兴' })).body;
    await post(`/rounds/${third.id}/move`, { position: 1 }, 200);
    expect((await detail()).rounds.map((r) => [r.position, r.topic])).toEqual([
      [1, '专题三：乡村振兴'],
      [2, '专题一：推动高质量发展'],
      [3, '专题二：全面深化改革'],
    ]);
    await del(`/rounds/${third.id}`);
    let rounds = (await detail()).rounds;
    expect(rounds.map((r) => [r.position, r.topic])).toEqual([
      [1, '专题一：推动高质量发展'],
      [2, '专题二：全面深化改革'],
    ]);

    // The first topic starts: it cannot be removed, nor moved, nor passed by another.
    await post(`/rounds/${rounds[0].id}/start`, {}, 200);
    await refused(() => del(`/rounds/${rounds[0].id}`, 409), 'round_started');
    await refused(() => post(`/rounds/${rounds[1].id}/move`, { position: 1 }, 409), 'round_started');

    // A talk on stage stays; a talk still to come can go, and the ones after it move up.
    const talks = rounds[0].presentations;
    await post(`/presentations/${talks[0].id}/stage`, {}, 200);
    await refused(() => del(`/presentations/${talks[0].id}`, 409), 'presentation_started');
    const presenter = talks[0].presenterId;
    await refused(() => del(`/presenters/${presenter}`, 409), 'presentation_started');
    expect(rounds[0].drawSeed).not.toBeNull();
    await del(`/presentations/${talks[1].id}`);
    rounds = (await detail()).rounds;
    // The drawn order lost a talk: its seed no longer gives it, and is not kept as if it did.
    expect(rounds[0].drawSeed).toBeNull();
    expect(rounds[0].presentations.map((p) => [p.id, p.position])).toEqual([
      [talks[0].id, 1],
      [talks[2].id, 2],
      [talks[3].id, 3],
    ]);
  });

  it('removes a judge before scoring starts and tells their tablet; keeps the panel once it has', async () => {
    const [keeps, goes] = await Promise.all(
      [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
      ].map(async (j) => (await post('/judges', j)).body as { judge: { id: string }; link: string }),
    );
    const tablet = await LiveClient.connect(t.baseUrl, { role: 'judge', token: new URL(goes.link).pathname.split('/').pop()! });
    const ended = new Promise<{ code: string }>((resolve) => tablet.socket.once('session.ended', resolve));
    await del(`/judges/${goes.judge.id}`);
    await expect(ended).resolves.toMatchObject({ code: 'link_revoked' });
    tablet.close();
    expect((await detail()).judges.map((j) => j.id)).toEqual([keeps.judge.id]);

    // The talk on stage opens for scoring; the remaining judge scores; that judge stays.
    const round = (await detail()).rounds[0];
    await post(`/presentations/${round.presentations[0].id}/open-scoring`, {}, 200);
    const scorer = await LiveClient.connect(t.baseUrl, { role: 'judge', token: new URL(keeps.link).pathname.split('/').pop()! });
    const rubric = (await detail()).criteria;
    const ack = await scorer.submit({
      idempotencyKey: crypto.randomUUID(),
      presentationId: round.presentations[0].id,
      values: rubric.map((c) => ({ criterionId: c.id, value: '1' })),
    });
    expect(ack.ok).toBe(true);
    scorer.close();
    // Scoring has started: the panel is frozen, whoever has scored or not.
    await refused(() => del(`/judges/${keeps.judge.id}`, 409), 'results_frozen');
  });

  it('removes a judge group nobody is in, and refuses one that judges are in or that scoring depends on', async () => {
    const other = await t.http.post('/api/events').set(auth()).send({ name: '另一场' }).expect(201);
    const otherPath = `/api/events/${other.body.id}`;
    const group = (await t.http.post(`${otherPath}/groups`).set(auth()).send({ name: '专家组' }).expect(201)).body;
    const empty = (await t.http.post(`${otherPath}/groups`).set(auth()).send({ name: '空组' }).expect(201)).body;
    await t.http.post(`${otherPath}/judges`).set(auth()).send({ displayName: '专家', seatLabel: 'E1', groupId: group.id }).expect(201);
    const res = await t.http.delete(`${otherPath}/groups/${group.id}`).set(auth()).expect(409);
    expect(res.body).toMatchObject({ code: 'still_referenced', message: expect.stringContaining('1 judge') });
    await t.http.delete(`${otherPath}/groups/${empty.id}`).set(auth()).expect(204);
    const groups = (await t.http.get(otherPath).set(auth()).expect(200)).body.groups as { name: string }[];
    expect(groups.map((g) => g.name)).toEqual(['专家组']);
    // In the first event, scoring has started: its groups are frozen.
    const frozen = (await post('/groups', { name: '新组' })).body;
    await refused(() => del(`/groups/${frozen.id}`, 409), 'results_frozen');
  });

  it('tells a tablet holding an old link whether it was replaced or revoked, not just that it is invalid', async () => {
    const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;
    const first = (await post('/judges', { displayName: '评委七', seatLabel: 'C1' })).body as { judge: { id: string }; link: string };
    const second = (await post(`/judges/${first.judge.id}/link`, {})).body as { link: string };
    const replaced = await LiveClient.refusal(t.baseUrl, { role: 'judge', token: tokenOf(first.link) });
    expect(replaced.data).toMatchObject({ statusCode: 401, code: 'link_reissued' });
    // The new link works; once revoked, it says so.
    const tablet = await LiveClient.connect(t.baseUrl, { role: 'judge', token: tokenOf(second.link) });
    tablet.close();
    await del(`/judges/${first.judge.id}/link`, 200);
    const revoked = await LiveClient.refusal(t.baseUrl, { role: 'judge', token: tokenOf(second.link) });
    expect(revoked.data).toMatchObject({ statusCode: 401, code: 'link_revoked' });
    const unknown = await LiveClient.refusal(t.baseUrl, { role: 'judge', token: 'x'.repeat(43) });
    expect(unknown.data).toMatchObject({ statusCode: 401, code: 'judge_link_invalid' });
  });

  it('prints the QR sheet again with the same links: a tablet in use stays connected and can submit', async () => {
    const other = (await t.http.post('/api/events').set(auth()).send({ name: '重印二维码' }).expect(201)).body as { id: string };
    const at = (p: string) => `/api/events/${other.id}${p}`;
    await t.http.post(at('/criteria')).set(auth()).send({ name: '综合', maxScore: '10', step: '1' }).expect(201);
    await t.http.post(at('/presenters')).set(auth()).send({ title: '县委书记', unit: '红安县' }).expect(201);
    const round = (await t.http.post(at('/rounds')).set(auth()).send({ topic: '专题一' }).expect(201)).body as { id: string };
    await t.http.post(at('/programme/fill')).set(auth()).send({}).expect(200);
    const issued: { judge: { id: string; seatLabel: string }; link: string }[] = [];
    for (const seat of ['A2', 'A10', 'A1'])
      issued.push(
        (
          await t.http
            .post(at('/judges'))
            .set(auth())
            .send({ displayName: `评委${seat}`, seatLabel: seat })
            .expect(201)
        ).body,
      );
    const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;
    const tablet = await LiveClient.connect(t.baseUrl, { role: 'judge', token: tokenOf(issued[0].link) });

    // Printed again, twice (a reload of the console): the same links, in seat order, nothing re-issued.
    const links = async () => (await t.http.get(at('/judges/links')).set(auth()).expect(200)).body as typeof issued;
    const reprint = await links();
    expect(reprint.map((l) => [l.judge.seatLabel, l.link])).toEqual([
      ['A1', issued[2].link],
      ['A2', issued[0].link],
      ['A10', issued[1].link],
    ]);
    expect(await links()).toEqual(reprint);
    expect(tablet.socket.connected).toBe(true);

    // The tablet holding the reprinted link scores.
    await t.http
      .post(at(`/rounds/${round.id}/start`))
      .set(auth())
      .send({})
      .expect(200);
    const talk = (await t.http.get(at('')).set(auth()).expect(200)).body.rounds[0].presentations[0] as { id: string };
    await t.http
      .post(at(`/presentations/${talk.id}/stage`))
      .set(auth())
      .send({})
      .expect(200);
    await t.http
      .post(at(`/presentations/${talk.id}/open-scoring`))
      .set(auth())
      .send({})
      .expect(200);
    const criteria = (await t.http.get(at('')).set(auth()).expect(200)).body.criteria as { id: string }[];
    const ack = await tablet.submit({
      idempotencyKey: crypto.randomUUID(),
      presentationId: talk.id,
      values: criteria.map((c) => ({ criterionId: c.id, value: '8' })),
    });
    expect(ack.ok).toBe(true);
    tablet.close();

    // The talk on stage runs long: its time is extended, and the big screen's clock follows; it cannot be moved.
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, {
      role: 'screen',
      code: (await t.http.get(at('')).set(auth())).body.publicCode,
    });
    await t.http
      .patch(at(`/presentations/${talk.id}`))
      .set(auth())
      .send({ timeLimitSeconds: 420 })
      .expect(200);
    await screen.waitFor((v) => v.stage.presentation?.timeLimitSeconds === 420);
    // Two organizers each give one more minute at once: two minutes, added on the server.
    await Promise.all(
      [1, 2].map(() =>
        t.http
          .post(at(`/presentations/${talk.id}/extend`))
          .set(auth())
          .send({ seconds: 60 })
          .expect(200),
      ),
    );
    await screen.waitFor((v) => v.stage.presentation?.timeLimitSeconds === 540);
    screen.close();
    const moved = await t.http
      .patch(at(`/presentations/${talk.id}`))
      .set(auth())
      .send({ position: 2 })
      .expect(409);
    expect(moved.body.code).toBe('presentation_started');

    // A re-issued link replaces the old one on the sheet; a revoked one leaves it (it needs a new link).
    const renewed = (
      await t.http
        .post(at(`/judges/${issued[1].judge.id}/link`))
        .set(auth())
        .send({})
        .expect(201)
    ).body as { link: string };
    await t.http
      .delete(at(`/judges/${issued[2].judge.id}/link`))
      .set(auth())
      .expect(200);
    expect((await links()).map((l) => [l.judge.seatLabel, l.link])).toEqual([
      ['A2', issued[0].link],
      ['A10', renewed.link],
    ]);
  });

  it('moves a talk within its topic: the others shift, the order stays 1, 2, 3, and the draw is forgotten', async () => {
    const other = (await t.http.post('/api/events').set(auth()).send({ name: '调整出场顺序' }).expect(201)).body as { id: string };
    const at = (p: string) => `/api/events/${other.id}${p}`;
    for (const unit of ['红安县', '麻城市', '罗田县', '英山县'])
      await t.http.post(at('/presenters')).set(auth()).send({ title: '县委书记', unit }).expect(201);
    await t.http.post(at('/rounds')).set(auth()).send({ topic: '专题一' }).expect(201);
    await t.http.post(at('/programme/fill')).set(auth()).send({ draw: true }).expect(200);
    const order = async () => {
      const d = (await t.http.get(at('')).set(auth()).expect(200)).body as EventDetailDto;
      return { seed: d.rounds[0].drawSeed, talks: [...d.rounds[0].presentations].sort((a, b) => a.position - b.position) };
    };
    const drawn = await order();
    expect(drawn.seed).not.toBeNull();
    const last = drawn.talks[3];
    await t.http
      .patch(at(`/presentations/${last.id}`))
      .set(auth())
      .send({ position: 1 })
      .expect(200);
    const moved = await order();
    expect(moved.talks.map((p) => p.position)).toEqual([1, 2, 3, 4]);
    expect(moved.talks.map((p) => p.id)).toEqual([last.id, ...drawn.talks.slice(0, 3).map((p) => p.id)]);
    expect(moved.seed).toBeNull();
  });
});
