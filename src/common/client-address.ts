/**
 * The address a request comes from. Directly, the connection's own; behind `trustedProxies`
 * reverse proxies (PODIUM_TRUST_PROXY), the address the outermost trusted proxy saw, read from
 * X-Forwarded-For counted from the right, exactly as Express's `trust proxy` = n does. Entries
 * further left were written by the client and are never trusted.
 */
export function clientAddress(remote: string, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  if (trustedProxies <= 0) return remote;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, remote];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)];
}
