import type { CommitmentDto, UnitFollowUpDto } from '@contracts';
import { publicCall as call, type ProgressReport } from '../admin/api.js';

const unit = (token: string) => `/api/unit/${encodeURIComponent(token)}`;

export const unitApi = {
  view: (token: string) => call<UnitFollowUpDto>('GET', unit(token)),
  record: (token: string, body: { presentationId: string; text: string; owner: string; dueOn: string }) =>
    call<CommitmentDto>('POST', `${unit(token)}/commitments`, body),
  report: (token: string, commitmentId: string, body: ProgressReport) =>
    call<CommitmentDto>('POST', `${unit(token)}/commitments/${encodeURIComponent(commitmentId)}/updates`, body),
};
