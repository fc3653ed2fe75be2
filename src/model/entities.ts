import { Ballot } from './ballot.entity.js';
import { BallotCode } from './ballot-code.entity.js';
import { Poll } from './poll.entity.js';
import { Commitment } from './commitment.entity.js';
import { CommitmentUpdate } from './commitment-update.entity.js';
import { ContestEvent } from './event.entity.js';
import { Criterion } from './criterion.entity.js';
import { JudgeGroup } from './judge-group.entity.js';
import { Judge } from './judge.entity.js';
import { JudgeLink } from './judge-link.entity.js';
import { Organizer } from './organizer.entity.js';
import { OrganizerSession } from './organizer-session.entity.js';
import { SignInThrottle } from './sign-in-throttle.entity.js';
import { Presentation } from './presentation.entity.js';
import { RetiredJudgeLink } from './retired-judge-link.entity.js';
import { Presenter } from './presenter.entity.js';
import { Round } from './round.entity.js';
import { Score } from './score.entity.js';
import { ScoreValue } from './score-value.entity.js';
import { UnitLink, UnitLinkToken } from './unit-link.entity.js';
import { Signer } from './signer.entity.js';
import { SignerLink } from './signer-link.entity.js';
import { Signoff } from './signoff.entity.js';

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
  JudgeLink,
  RetiredJudgeLink,
  Score,
  ScoreValue,
  Commitment,
  CommitmentUpdate,
  UnitLink,
  UnitLinkToken,
  Signer,
  SignerLink,
  Signoff,
  BallotCode,
  Poll,
  Ballot,
];
