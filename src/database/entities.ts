import { ContestEvent } from '../events/event.entity.js';
import { Criterion } from '../events/criterion.entity.js';
import { JudgeGroup } from '../events/judge-group.entity.js';
import { Judge } from '../judges/judge.entity.js';
import { Organizer } from '../organizers/organizer.entity.js';
import { OrganizerSession } from '../organizers/organizer-session.entity.js';
import { SignInThrottle } from '../organizers/sign-in-throttle.entity.js';
import { Presentation } from '../programme/presentation.entity.js';
import { Presenter } from '../programme/presenter.entity.js';
import { Round } from '../programme/round.entity.js';
import { Score } from '../scores/score.entity.js';
import { ScoreValue } from '../scores/score-value.entity.js';

/** Every table of the schema; the app and the migration generator read this one list. */
export const ENTITIES = [
  Organizer,
  OrganizerSession,
  SignInThrottle,
  ContestEvent,
  JudgeGroup,
  Criterion,
  Round,
  Presenter,
  Presentation,
  Judge,
  Score,
  ScoreValue,
];
