import type {
  ApiErrorBody,
  BallotCardDto,
  BallotCodeDto,
  BallotHallDto,
  PollDisplay,
  PollDto,
  AuditAnchor,
  CommitmentDeliveryDto,
  CommitmentStatus,
  CommitmentDto,
  CommitmentsDto,
  CorrectionPreview,
  CorrectionReceipt,
  EventDetailDto,
  EventSummaryDto,
  JudgeWithLinkDto,
  OrganizerDto,
  ReportDto,
  ScreenMode,
  SeriesBoardDto,
  SeriesDto,
  RoundReviewDto,
  SessionDto,
  ServerInfoDto,
  SetupImportDto,
  UnitLinkDto,
  SignerWithLinkDto,
} from '@contracts';
import { ref } from 'vue';

/** The organizer's session, kept for the browser tab only. */
const TOKEN_KEY = 'podium.token';
export const token = ref<string | null>(sessionStorage.getItem(TOKEN_KEY));

export function signIn(value: string): void {
  token.value = value;
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function signOut(): void {
  token.value = null;
  sessionStorage.removeItem(TOKEN_KEY);
}

export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For invalid input: each field the server named, with what is wrong with it. */
    readonly fields: NonNullable<ApiErrorBody['fields']> = [],
    /** For a reveal waiting for sign-offs: the roles it waits for. */
    readonly roles: NonNullable<ApiErrorBody['roles']> = [],
  ) {
    super(message);
  }
}

/** A call to the organizer API; a refusal becomes a RequestError carrying the server's code. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  // A form (a file upload) goes as multipart, with the boundary the browser chooses; anything else as JSON.
  const form = body instanceof FormData;
  const response = await fetch(path, {
    method,
    headers: {
      ...(form ? {} : { 'Content-Type': 'application/json' }),
      ...(token.value ? { Authorization: `Bearer ${token.value}` } : {}),
    },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  }).catch(() => {
    throw new RequestError(0, 'network', 'the server cannot be reached');
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) signOut();
    throw new RequestError(
      response.status,
      data?.code ?? 'error',
      data?.message ?? response.statusText,
      data?.fields ?? [],
      data?.roles ?? [],
    );
  }
  return data as T;
}

/**
 * A call through a secret link or code, with no session (a unit's link, an attendee's ballot code:
 * the link is the credential); a refusal becomes a RequestError carrying the server's code.
 */
export async function publicCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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

/**
 * Downloads a file the API makes (an Excel workbook) with the organizer's token, under the name the
 * server gives it; resolves with that name.
 */
export async function download(path: string): Promise<string> {
  const response = await fetch(path, { headers: token.value ? { Authorization: `Bearer ${token.value}` } : {} }).catch(() => {
    throw new RequestError(0, 'network', 'the server cannot be reached');
  });
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    if (response.status === 401) signOut();
    throw new RequestError(response.status, data?.code ?? 'error', data?.message ?? response.statusText);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? 'podium.xlsx');
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

const events = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}`;

/** The organizer API's calls used by the console, typed with the server's own response contracts. */
export const organizerApi = {
  signIn: (username: string, password: string) => api<SessionDto>('POST', '/api/auth/login', { username, password }),
  me: () => api<OrganizerDto>('GET', '/api/auth/me'),
  organizers: () => api<OrganizerDto[]>('GET', '/api/organizers'),
  setDisabled: (organizerId: string, disabled: boolean) =>
    api<OrganizerDto>('POST', `/api/organizers/${encodeURIComponent(organizerId)}/${disabled ? 'disable' : 'enable'}`),
  events: () => api<EventSummaryDto[]>('GET', '/api/events'),
  createEvent: (name: string) => api<EventDetailDto>('POST', '/api/events', { name }),
  event: (eventId: string) => api<EventDetailDto>('GET', events(eventId)),
  review: (eventId: string, roundId: string) =>
    api<RoundReviewDto>('GET', `${events(eventId)}/rounds/${encodeURIComponent(roundId)}/review`),
  auditHead: (eventId: string) => api<AuditAnchor | null>('GET', `${events(eventId)}/audit-head`),
  globalAuditHead: () => api<AuditAnchor | null>('GET', '/api/audit/head'),
  previewCorrection: (path: string, body: object) => api<CorrectionPreview>('POST', `${path}/preview`, body),
  correct: (path: string, body: object) => api<CorrectionReceipt>('POST', path, body),
  server: () => api<ServerInfoDto>('GET', '/api/server'),
  series: (eventIds: string[]) => api<SeriesDto>('GET', `/api/series?events=${eventIds.map(encodeURIComponent).join(',')}`),
  seriesBoard: (eventId: string) => api<SeriesBoardDto>('GET', `${events(eventId)}/series-board`),
  setSeriesBoard: (eventId: string, body: { events: string[]; red: number; grey: number; honestyConfidence?: number }) =>
    api<SeriesBoardDto>('PUT', `${events(eventId)}/series-board`, body),
  revealSeriesBoard: (eventId: string, how: 'next' | 'all', expectedRevealed: number) =>
    api<SeriesBoardDto>('POST', `${events(eventId)}/series-board/reveal-${how}`, how === 'next' ? { expectedRevealed } : undefined),
  clearSeriesBoard: (eventId: string) => api<SeriesBoardDto>('DELETE', `${events(eventId)}/series-board`),
  setScreen: (eventId: string, mode: ScreenMode) => api<unknown>('POST', `${events(eventId)}/screen`, { mode }),
  /** Each round ranked under other rules besides the declared one (the engine's comparison; statistics kept cheap). */
  compare: (eventId: string, rules: string[]) =>
    api<ReportDto>('GET', `${events(eventId)}/report?compare=${encodeURIComponent(rules.join(','))}&resamples=1`),
  /** Every judge's current link, for printing the QR sheet again: nothing is re-issued. */
  judgeLinks: (eventId: string) => api<JudgeWithLinkDto[]>('GET', `${events(eventId)}/judges/links`),
  /** Every signer's current link (计分员, 复核员, 监督员), to show their QR codes again: nothing is re-issued. */
  signerLinks: (eventId: string) => api<SignerWithLinkDto[]>('GET', `${events(eventId)}/signers/links`),
  setupTemplate: (eventId: string) => download(`${events(eventId)}/setup/template.xlsx`),
  setupImport: (eventId: string, file: File, options: { fill: boolean; apply: boolean }) => {
    const form = new FormData();
    form.append('file', file);
    form.append('fill', String(options.fill));
    return api<SetupImportDto>('POST', `${events(eventId)}/setup/import${options.apply ? '' : '/preview'}`, form);
  },
  eventWorkbook: (eventId: string) => download(`${events(eventId)}/export.xlsx`),
  roundWorkbook: (eventId: string, roundId: string) => download(`${events(eventId)}/rounds/${encodeURIComponent(roundId)}/export.xlsx`),
  /** 承诺落实: the event's commitments and follow-up board as of a day (today in the server's time zone if none). */
  commitments: (eventId: string, asOf?: string) => api<CommitmentsDto>('GET', `${events(eventId)}/commitments${asOfQuery(asOf)}`),
  addCommitment: (eventId: string, body: { presentationId: string; text: string; owner: string; dueOn: string }) =>
    api<CommitmentDto>('POST', `${events(eventId)}/commitments`, body),
  editCommitment: (eventId: string, id: string, body: { text: string; owner: string; dueOn: string }) =>
    api<CommitmentDto>('PATCH', `${events(eventId)}/commitments/${encodeURIComponent(id)}`, body),
  removeCommitment: (eventId: string, id: string) => api<null>('DELETE', `${events(eventId)}/commitments/${encodeURIComponent(id)}`),
  reportProgress: (eventId: string, id: string, body: ProgressReport) =>
    api<CommitmentDto>('POST', `${events(eventId)}/commitments/${encodeURIComponent(id)}/updates`, body),
  commitmentsWorkbook: (eventId: string, asOf?: string) => download(`${events(eventId)}/commitments.xlsx${asOfQuery(asOf)}`),
  commitmentDelivery: (eventId: string) => api<CommitmentDeliveryDto>('GET', `${events(eventId)}/commitments/delivery`),
  unitLinks: (eventId: string) => api<UnitLinkDto[]>('GET', `${events(eventId)}/unit-links`),
  issueUnitLink: (eventId: string, unit: string) => api<UnitLinkDto>('POST', `${events(eventId)}/unit-links`, { unit }),
  revokeUnitLink: (eventId: string, unit: string) => api<UnitLinkDto>('POST', `${events(eventId)}/unit-links/revoke`, { unit }),
  /** 满意度测评: the evaluation card, the halls' ballot codes, and the polls. */
  ballotCard: (eventId: string) => api<BallotCardDto>('GET', `${events(eventId)}/ballot-card`),
  setBallotCard: (eventId: string, card: BallotCardDto) => api<BallotCardDto>('PUT', `${events(eventId)}/ballot-card`, card),
  ballotHalls: (eventId: string) => api<BallotHallDto[]>('GET', `${events(eventId)}/ballot-codes`),
  issueBallotCodes: (eventId: string, hall: string, count: number) =>
    api<unknown>('POST', `${events(eventId)}/ballot-codes`, { hall, count }),
  printBallotCodes: (eventId: string, hall: string) =>
    api<BallotCodeDto[]>('GET', `${events(eventId)}/ballot-codes/print?hall=${encodeURIComponent(hall)}`),
  voidBallotCode: (eventId: string, hall: string, number: number) =>
    api<unknown>('POST', `${events(eventId)}/ballot-codes/void`, { hall, number }),
  polls: (eventId: string) => api<PollDto[]>('GET', `${events(eventId)}/polls`),
  openPoll: (eventId: string, roundId: string, presentationId?: string) =>
    api<PollDto>('POST', `${events(eventId)}/polls`, presentationId ? { roundId, presentationId } : { roundId }),
  closePoll: (eventId: string, pollId: string) => api<PollDto>('POST', `${events(eventId)}/polls/${encodeURIComponent(pollId)}/close`),
  showPoll: (eventId: string, pollId: string, display: PollDisplay) =>
    api<PollDto>('PUT', `${events(eventId)}/polls/${encodeURIComponent(pollId)}/display`, { display }),
};

/** A progress report on a commitment, as the console and a unit's link send it. */
export interface ProgressReport {
  status: CommitmentStatus;
  progress: string;
  evidence?: string;
  reportedOn?: string;
}

const asOfQuery = (asOf?: string) => (asOf ? `?asOf=${encodeURIComponent(asOf)}` : '');
