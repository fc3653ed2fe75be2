import type { CommitmentDto } from '@contracts';

/** The key of a commitment's follow-up under `commitments.states`: an open one says whether any progress was reported. */
export function followUpKey(c: Pick<CommitmentDto, 'followUp' | 'status'>): string {
  return c.followUp === 'open' ? (c.status === null ? 'none' : 'in_progress') : c.followUp;
}
