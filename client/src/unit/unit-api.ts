import type { CommitmentDto, UnitFollowUpDto } from '@contracts';
import { RequestError } from '../admin/api.js';
import type { ProgressReport } from '../admin/api.js';

/** A call through a unit's secret link (no account: the link is the credential). */
async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new RequestError(0, 'network', 'the server cannot be reached');
  });
  const data = await response.json().catch(() => null);
  if (!response.ok)
    throw new RequestError(response.status, data?.code ?? 'error', data?.message ?? response.statusText, data?.fields ?? []);
  return data as T;
}

const unit = (token: string) => `/api/unit/${encodeURIComponent(token)}`;

export const unitApi = {
  view: (token: string) => call<UnitFollowUpDto>('GET', unit(token)),
  record: (token: string, body: { presentationId: string; text: string; owner: string; dueOn: string }) =>
    call<CommitmentDto>('POST', `${unit(token)}/commitments`, body),
  report: (token: string, commitmentId: string, body: ProgressReport) =>
    call<CommitmentDto>('POST', `${unit(token)}/commitments/${encodeURIComponent(commitmentId)}/updates`, body),
};
