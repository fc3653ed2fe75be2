import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ContestEvent } from '../events/event.entity.js';
import { EventsService } from '../events/events.service.js';
import { JudgesService } from '../judges/judges.service.js';
import { Organizer } from '../organizers/organizer.entity.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { HUANGGANG_SESSION as demo } from './huanggang-session.js';

export interface DemoEvent {
  eventName: string;
  publicCode: string;
  judges: { seatLabel: string; displayName: string; link: string }[];
}

/** On an empty database, sets up the demo event through the same services the API uses. */
@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    @InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    private readonly eventsService: EventsService,
    private readonly programme: ProgrammeService,
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
    const groupIds = new Map<string, string>();
    for (const group of demo.groups) groupIds.set(group.name, (await this.eventsService.addGroup(admin, event.id, group)).id);
    for (const criterion of demo.rubric) await this.eventsService.addCriterion(admin, event.id, criterion);
    const presenters = [];
    for (const presenter of demo.presenters) presenters.push(await this.programme.addPresenter(admin, event.id, presenter));
    for (const [index, topic] of demo.topics.entries()) {
      const round = await this.programme.addRound(admin, event.id, topic);
      // A different speaking order in each round, so nobody always goes first.
      for (let i = 0; i < presenters.length; i++) {
        await this.programme.addPresentation(admin, event.id, round.id, {
          presenterId: presenters[(index + i) % presenters.length].id,
          position: i + 1,
        });
      }
    }
    const judges = [];
    for (const judge of demo.judges) {
      const { link } = await this.judges.add(admin, event.id, {
        displayName: judge.displayName,
        seatLabel: judge.seatLabel,
        groupId: groupIds.get(judge.group),
        conflictUnits: judge.conflictUnits,
      });
      judges.push({ seatLabel: judge.seatLabel, displayName: judge.displayName, link });
    }
    this.logger.log(`Created the demo event "${demo.name}"`);
    return { eventName: demo.name, publicCode: event.publicCode, judges };
  }
}
