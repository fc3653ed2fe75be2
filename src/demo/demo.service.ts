import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { newSecret } from '../common/secret-token.js';
import { addCriterion, addGroup } from '../events/event-operations.js';
import { EventsService } from '../events/events.service.js';
import { addJudge } from '../judges/judge-operations.js';
import { JudgesService } from '../judges/judges.service.js';
import { ContestEvent } from '../model/event.entity.js';
import { Organizer } from '../model/organizer.entity.js';
import { addPresentation, addPresenter, addRound } from '../programme/programme-operations.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { HUANGGANG_SESSION as demo } from './huanggang-session.js';

export interface DemoEvent {
  eventName: string;
  publicCode: string;
  judges: { seatLabel: string; displayName: string; link: string }[];
}

/**
 * On an empty database, sets up the demo event with the same operations the API uses, all of its
 * setup in one transaction: one version, one announcement.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    @InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    private readonly eventsService: EventsService,
    private readonly access: EventAccess,
    private readonly judges: JudgesService,
  ) {}

  async seedIfEmpty(): Promise<DemoEvent | null> {
    if ((await this.events.count()) > 0) return null;
    const admin = await this.organizers.findOneByOrFail({ role: 'admin' });
    const event = await this.eventsService.create(admin, {
      name: demo.name,
      rule: demo.rule,
      defaultTimeLimitSeconds: demo.defaultTimeLimitSeconds,
    });
    const judges = await this.access.setup(admin, event.id, async (tx, locked) => {
      const groupIds = new Map<string, string>();
      for (const group of demo.groups) groupIds.set(group.name, (await addGroup(group)(tx, locked)).id);
      for (const criterion of demo.rubric) await addCriterion(criterion)(tx, locked);
      const presenters = [];
      for (const presenter of demo.presenters) presenters.push(await addPresenter(presenter)(tx, locked));
      for (const [index, topic] of demo.topics.entries()) {
        const round = await addRound(topic)(tx, locked);
        // A different speaking order in each round, so nobody always goes first.
        for (let i = 0; i < presenters.length; i++) {
          await addPresentation(round.id, { presenterId: presenters[(index + i) % presenters.length].id, position: i + 1 })(tx, locked);
        }
      }
      const seated = [];
      for (const judge of demo.judges) {
        const secret = newSecret();
        const dto = {
          displayName: judge.displayName,
          seatLabel: judge.seatLabel,
          groupId: groupIds.get(judge.group),
          conflictUnits: judge.conflictUnits,
        };
        await addJudge(dto, secret)(tx, locked);
        seated.push({ seatLabel: judge.seatLabel, displayName: judge.displayName, link: this.judges.link(secret.token) });
      }
      return seated;
    });
    this.logger.log(`Created the demo event "${demo.name}"`);
    return { eventName: demo.name, publicCode: event.publicCode, judges };
  }
}
