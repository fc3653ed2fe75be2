import { Initial1795330847870 } from './1795330847870-Initial.js';
import { EventRule1795340000000 } from './1795340000000-EventRule.js';
import { EventRuleRequired1795340000001 } from './1795340000001-EventRuleRequired.js';
import { ScreenMode1795350000000 } from './1795350000000-ScreenMode.js';
import { ScoreCorrections1795360000000 } from './1795360000000-ScoreCorrections.js';
import { DrawSeed1795370000000 } from './1795370000000-DrawSeed.js';
import { LoginLockout1795380000000 } from './1795380000000-LoginLockout.js';
import { AuditLog1795390000000 } from './1795390000000-AuditLog.js';
import { NoResult1795400000000 } from './1795400000000-NoResult.js';
import { SignInThrottle1795410000000 } from './1795410000000-SignInThrottle.js';
import { PlainUnits1795420000000 } from './1795420000000-PlainUnits.js';
import { OrganizerDisabled1795430000000 } from './1795430000000-OrganizerDisabled.js';
import { AuditOwnerRole1795440000000 } from './1795440000000-AuditOwnerRole.js';
import { ScoreAfterReveal1795450000000 } from './1795450000000-ScoreAfterReveal.js';
import { AuditTriggerInline1795460000000 } from './1795460000000-AuditTriggerInline.js';
import { RetiredJudgeLinks1795470000000 } from './1795470000000-RetiredJudgeLinks.js';
import { ScreenRound1795480000000 } from './1795480000000-ScreenRound.js';
import { JudgeLinks1795490000000 } from './1795490000000-JudgeLinks.js';
import { ViewerQrMode1795500000000 } from './1795500000000-ViewerQrMode.js';
import { Signoffs1795520000000 } from './1795520000000-Signoffs.js';
import { Commitments1795530000000 } from './1795530000000-Commitments.js';
import { SeriesBoard1795540000000 } from './1795540000000-SeriesBoard.js';
import { CalibrationRound1795550000000 } from './1795550000000-CalibrationRound.js';
import { Ballots1795560000000 } from './1795560000000-Ballots.js';
import { RankHonesty1795565000000 } from './1795565000000-RankHonesty.js';
import { AudienceGroup1795570000000 } from './1795570000000-AudienceGroup.js';

// Every migration, oldest first. Listed explicitly so the same list works in the built app, in
// tests and in the TypeORM CLI, whatever the module loader.
export const MIGRATIONS = [
  Initial1795330847870,
  EventRule1795340000000,
  EventRuleRequired1795340000001,
  ScreenMode1795350000000,
  ScoreCorrections1795360000000,
  DrawSeed1795370000000,
  LoginLockout1795380000000,
  AuditLog1795390000000,
  NoResult1795400000000,
  SignInThrottle1795410000000,
  PlainUnits1795420000000,
  OrganizerDisabled1795430000000,
  AuditOwnerRole1795440000000,
  ScoreAfterReveal1795450000000,
  AuditTriggerInline1795460000000,
  RetiredJudgeLinks1795470000000,
  ScreenRound1795480000000,
  JudgeLinks1795490000000,
  ViewerQrMode1795500000000,
  Signoffs1795520000000,
  Commitments1795530000000,
  SeriesBoard1795540000000,
  CalibrationRound1795550000000,
  Ballots1795560000000,
  RankHonesty1795565000000,
  AudienceGroup1795570000000,
];
