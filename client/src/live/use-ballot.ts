import { computed, type Ref, shallowRef } from 'vue';
import type { BallotScreenView, ScreenView } from '@contracts';
import { latestTally, shownBallot } from '../ballot/ballot-card.js';
import type { LiveSocket } from './use-live.js';

/**
 * The attendee poll (满意度测评) as the screens show it: the versioned view's `ballot`, brought up to
 * date by the `ballot.tally` messages that arrive between versions (the latest by `changes`).
 */
export function useBallotTally(socket: LiveSocket, view: Ref<Pick<ScreenView, 'ballot'> | null>) {
  const tally = shallowRef<BallotScreenView | null>(null);
  socket.on('ballot.tally', (incoming) => (tally.value = latestTally(tally.value, incoming)));
  const ballot = computed(() => shownBallot(view.value?.ballot ?? null, tally.value));
  return { ballot, tally };
}
