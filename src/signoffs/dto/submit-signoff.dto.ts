import { IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { SIGNOFF_VERDICTS, type SignoffVerdict } from '../../contracts/enums.js';
import type { SubmitSignoffPayload } from '../../contracts/live.js';
import { IsOneOf, PlainText } from '../../common/input-decorators.js';

/** A signer's word on a talk, sent on the live channel ('signoff.submit'). */
export class SubmitSignoffDto implements SubmitSignoffPayload {
  @IsUUID('all')
  presentationId!: string;

  @IsOneOf(SIGNOFF_VERDICTS, 'verdict')
  verdict!: SignoffVerdict;

  /** Required with an objection: what is wrong. */
  @ValidateIf((o: SubmitSignoffDto) => o.verdict === 'object' || o.reason !== undefined)
  @PlainText()
  @IsString()
  @MinLength(4, { message: 'an objection must say what is wrong (at least 4 characters)' })
  @MaxLength(500)
  reason?: string;

  @Matches(/^[0-9a-f]{64}$/, { message: 'digest must be the one the signer page was given' })
  digest!: string;
}
