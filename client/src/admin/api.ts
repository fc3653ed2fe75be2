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
  ) {
    super(message);
  }
}

/** A call to the organizer API; a refusal becomes a RequestError carrying the server's code. */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token.value ? { Authorization: `Bearer ${token.value}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new RequestError(0, 'network', 'the server cannot be reached');
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) signOut();
    throw new RequestError(response.status, data?.code ?? 'error', data?.message ?? response.statusText);
  }
  return data as T;
}
