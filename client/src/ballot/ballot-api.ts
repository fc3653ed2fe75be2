import type { BallotPageDto, BallotReceiptDto, CastBallotPayload, ErrorCode, LiveAck } from '@contracts';
import { publicCall, RequestError } from '../admin/api.js';

/** The attendee's calls, through the ballot code printed on the card (no account: the code is the credential). */
const path = (code: string) => `/api/ballot/${encodeURIComponent(code)}`;

export const ballotApi = {
  page: (code: string) => publicCall<BallotPageDto>('GET', path(code)),
  /**
   * A ballot from the outbox, its reply as the outbox reads one: a refusal with the server's status
   * (the outbox tells a final one from a passing one); no answer at all stays a thrown error (retry later).
   */
  cast: async (code: string, payload: CastBallotPayload): Promise<LiveAck<BallotReceiptDto>> => {
    try {
      return { ok: true, data: await publicCall<BallotReceiptDto>('POST', path(code), payload) };
    } catch (error) {
      if (error instanceof RequestError && error.status > 0)
        return { ok: false, error: { statusCode: error.status, code: error.code as ErrorCode, message: error.message } };
      throw error;
    }
  },
};
