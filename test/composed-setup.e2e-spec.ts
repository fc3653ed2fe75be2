import { DemoService } from '../src/demo/demo.service.js';
import { HUANGGANG_SESSION as demo } from '../src/demo/huanggang-session.js';
import { addGroup, updateEvent } from '../src/events/event-operations.js';
import { addPresentation, addPresenter, addRound } from '../src/programme/programme-operations.js';
import { Organizer } from '../src/model/organizer.entity.js';
import { EventAccess } from '../src/organizers/event-access.service.js';
import { ChangeFeed } from '../src/state/change-feed.js';
import type { EventState } from '../src/state/event-state.js';
import type { EventDetailDto } from '../src/contracts/rest.js';
import { type TestApp, startTestApp } from './support/test-app.js';
import { DataSource } from 'typeorm';

/** Announcements of committed changes, per event, as the live edge receives them. */
function recordAnnouncements(t: TestApp): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  t.app.get(ChangeFeed).subscribe({
    committed: (state: EventState) => seen.set(state.event.id, [...(seen.get(state.event.id) ?? []), state.event.version]),
  });
  return seen;
}

describe('setup changes composed into one transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds the whole demo event as one change: one version, one announcement, every row there', async () => {
    const announced = recordAnnouncements(t);
    const seeded = await t.app.get(DemoService).seedIfEmpty();
    expect(seeded).not.toBeNull();
    const events = await t.http.get('/api/events').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    const eventId = (events.body as { id: string }[])[0].id;
    const detail = (await t.http.get(`/api/events/${eventId}`).set('Authorization', `Bearer ${t.adminToken}`).expect(200))
      .body as EventDetailDto;

    expect(detail.presenters).toHaveLength(demo.presenters.length);
    expect(detail.rounds).toHaveLength(demo.topics.length);
    expect(detail.rounds.flatMap((r) => r.presentations)).toHaveLength(demo.topics.length * demo.presenters.length);
    expect(detail.judges).toHaveLength(demo.judges.length);
    expect(detail.criteria).toHaveLength(demo.rubric.length);
    expect(detail.groups).toHaveLength(demo.groups.length);
    // One change after the event was created, announced once: not one per row.
    expect(announced.get(eventId)).toEqual([detail.version]);
    // The audit trail of the event's chain was written by two transactions: the event's creation and its setup.
    const audit = await t.app
      .get(DataSource)
      .query<{ transactions: string; records: string }[]>(
        'SELECT count(DISTINCT xmin::text) AS transactions, count(*) AS records FROM audit_log WHERE chain = $1',
        [eventId],
      );
    expect(Number(audit[0].records)).toBeGreaterThan(100);
    expect(Number(audit[0].transactions)).toBe(2);
    // Seeding again finds the database in use and adds nothing.
    await expect(t.app.get(DemoService).seedIfEmpty()).resolves.toBeNull();
  });

  it('keeps nothing of a composed change when one of its steps is refused', async () => {
    const admin = await t.app.get(DataSource).getRepository(Organizer).findOneByOrFail({ username: 'admin' });
    const created = await t.http.post('/api/events').set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'composed' }).expect(201);
    const eventId = (created.body as EventDetailDto).id;
    const announced = recordAnnouncements(t);

    await expect(
      t.app.get(EventAccess).setup(admin, eventId, async (tx, event) => {
        await addPresenter({ title: '县委书记', unit: '红安县' })(tx, event);
        await addGroup({ name: '评委组' })(tx, event);
        await addGroup({ name: '评委组' })(tx, event);
      }),
    ).rejects.toMatchObject({ response: { code: 'group_name_taken' } });

    const detail = (await t.http.get(`/api/events/${eventId}`).set('Authorization', `Bearer ${t.adminToken}`).expect(200))
      .body as EventDetailDto;
    expect(detail.presenters).toEqual([]);
    expect(detail.groups).toEqual([]);
    expect(detail.version).toBe((created.body as EventDetailDto).version);
    expect(announced.get(eventId)).toBeUndefined();
  });

  it('lets each step of a composed change see what the steps before it changed', async () => {
    const admin = await t.app.get(DataSource).getRepository(Organizer).findOneByOrFail({ username: 'admin' });
    const created = await t.http.post('/api/events').set('Authorization', `Bearer ${t.adminToken}`).send({ name: '组合' }).expect(201);
    const eventId = (created.body as EventDetailDto).id;

    const talk = await t.app.get(EventAccess).setup(admin, eventId, async (tx, event) => {
      await updateEvent({ defaultTimeLimitSeconds: 420 })(tx, event);
      await updateEvent({ name: '组合（改名）', rule: { rounding: { decimals: 1, mode: 'half_up' } } })(tx, event);
      const round = await addRound({ topic: '专题一' })(tx, event);
      const presenter = await addPresenter({ title: '县委书记', unit: '罗田县' })(tx, event);
      return addPresentation(round.id, { presenterId: presenter.id })(tx, event);
    });

    // The talk took the default set two steps before; the second edit kept the first's.
    expect(talk.timeLimitSeconds).toBe(420);
    const detail = (await t.http.get(`/api/events/${eventId}`).set('Authorization', `Bearer ${t.adminToken}`).expect(200))
      .body as EventDetailDto;
    expect(detail).toMatchObject({ name: '组合（改名）', defaultTimeLimitSeconds: 420, rule: { rounding: { decimals: 1 } } });
  });
});
