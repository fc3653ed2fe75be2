import type { LiveSession } from './live-auth.service.js';
import type { ScreenSlot } from './live-admission.service.js';

/** What the server keeps on each live socket from its handshake. */
export interface LiveSocketData {
  session: LiveSession;
  /** The client's address (see clientAddress). */
  address: string;
  /** A screen's place, given back when it goes. */
  screenSlot?: ScreenSlot;
}
