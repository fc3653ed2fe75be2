/** socket.io rooms, all keyed by event so that one event's messages never reach another's clients. */
export const rooms = {
  screens: (eventId: string) => `event:${eventId}:screens`,
  control: (eventId: string) => `event:${eventId}:control`,
  judges: (eventId: string) => `event:${eventId}:judges`,
  judge: (eventId: string, judgeId: string) => `event:${eventId}:judge:${judgeId}`,
  /** Each signer's pages: they see every score of a closed talk before the reveal, so never in a shared room with anyone else. */
  signer: (eventId: string, signerId: string) => `event:${eventId}:signer:${signerId}`,
  signers: (eventId: string) => `event:${eventId}:signers`,
  /** The control panels opened with one organizer sign-in (by the hash of its token), and with any sign-in of one account. */
  signIn: (tokenHash: string) => `sign-in:${tokenHash}`,
  organizer: (organizerId: string) => `organizer:${organizerId}`,
};
