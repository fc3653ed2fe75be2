// Many simulated clients at once: connecting them from several loopback addresses (as screens in
// several halls would), retrying a refusal the way the big screen does, and waiting for all of them
// to hold a version.
import { performance } from 'node:perf_hooks';
import { Follower, type LightOptions, Refused } from './light-socket.js';
import { sleep } from './stats.js';

/** Screens per loopback address: under the server's default of 30 (PODIUM_SCREENS_PER_ADDRESS), so no limit is raised for the bench. */
export const SCREENS_PER_ADDRESS = Number(process.env.BENCH_SCREENS_PER_ADDRESS ?? 25);

/**
 * The address client `i` connects from, `perAddress` to an address: 127.0.0.2 … 127.0.0.254, then
 * 127.0.1.2 … (Linux answers on all of 127/8), so that 10,000 viewers come from 400 addresses.
 */
export const screenAddress = (i: number, perAddress = SCREENS_PER_ADDRESS) => {
  const k = Math.floor(i / perAddress);
  if (k >= 253 * 256) throw new Error(`more than ${253 * 256} addresses needed: raise the clients per address`);
  return `127.0.${Math.floor(k / 253)}.${2 + (k % 253)}`;
};

/** Refusals seen, by connect_error code (or transport failure). */
export type Refusals = Record<string, number>;

/** The HTTP status each refusal code came with (0: a transport failure, or none), as seen so far. */
export const refusalStatus = new Map<string, number>();

/** How many of `refusals` were for a server reason: 429 (a limit) or 5xx (busy, failing). */
export const serverRefusals = (refusals: Refusals) =>
  Object.entries(refusals)
    .filter(([code]) => {
      const status = refusalStatus.get(code) ?? 0;
      return status === 429 || status >= 500;
    })
    .reduce((n, [, count]) => n + count, 0);

/**
 * Connects one client, retrying as client/src/live/use-live.ts does: a 429 after 5–6 s, a server
 * failure (5xx) after 2–3 s, a transport failure after socket.io's reconnection delay (1 s ± 50 %,
 * doubling up to 3 s); a refusal for good (another 4xx) is thrown.
 */
export async function connectWithRetry(
  baseUrl: string,
  auth: object,
  options: LightOptions,
  refusals: Refusals,
  deadline = performance.now() + 120_000,
): Promise<Follower> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await Follower.connect(baseUrl, auth, options);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      refusals[error.code] = (refusals[error.code] ?? 0) + 1;
      const status = error.statusCode;
      refusalStatus.set(error.code, status);
      if (status >= 400 && status < 500 && status !== 429) throw error;
      const delay =
        status === 429
          ? 5_000 + Math.random() * 1_000
          : status >= 500
            ? 2_000 + Math.random() * 1_000
            : Math.min(1_000 * 2 ** attempt, 3_000) * (0.5 + Math.random());
      if (performance.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

/**
 * Connects `n` screens, `concurrency` handshakes at a time (all at once when Infinity), client `i`
 * from `address(i)`; `connected` is told each one as it comes (for progress).
 */
export async function connectScreens(
  baseUrl: string,
  n: number,
  auth: object,
  options: LightOptions,
  refusals: Refusals = {},
  concurrency = 50,
  address: (i: number) => string = screenAddress,
  connected: (count: number) => void = () => undefined,
): Promise<Follower[]> {
  const screens: Follower[] = new Array<Follower>(n);
  let next = 0;
  let count = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      screens[i] = await connectWithRetry(baseUrl, auth, { ...options, from: address(i) }, refusals);
      connected(++count);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, lane));
  return screens;
}

/** Waits until every client holds `version` or a later one; false on timeout. */
export async function waitAll(clients: readonly Follower[], version: number, timeoutMs = 120_000): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (clients.some((c) => c.version < version)) {
    if (performance.now() > end) return false;
    await sleep(5);
  }
  return true;
}

/**
 * Waits until every client holds the same version and nothing has changed for `quietMs`; returns it.
 * The servers' version is what the clients were last sent.
 */
export async function settle(clients: readonly Follower[], quietMs = 150, timeoutMs = 180_000): Promise<number> {
  const end = performance.now() + timeoutMs;
  let last = -2;
  let since = performance.now();
  for (;;) {
    const top = Math.max(...clients.map((c) => c.version));
    const agreed = clients.every((c) => c.version === top);
    if (top !== last || !agreed) {
      last = top;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return top;
    if (performance.now() > end) throw new Error(`the clients did not settle within ${timeoutMs} ms (versions up to ${top})`);
    await sleep(10);
  }
}

/** Times from `start` until each client first held `version` (Infinity for one that never did). */
export const timesTo = (clients: readonly Follower[], version: number, start: number) =>
  clients.map((c) => (c.reached(version) ?? Infinity) - start);
