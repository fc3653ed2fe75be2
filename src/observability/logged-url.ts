/**
 * Pages and API routes whose path segment after the prefix is a secret: a judge's link, a
 * signer's, a unit's, and an attendee's ballot code (short, so SECRET_SEGMENT alone would miss it;
 * an access log must never tell which code asked, docs/ballots.md).
 */
const SECRET_PATHS = /^(\/api)?\/(judge|signoff|unit|ballot)\/[^/]+/;
/** A path segment shaped like a bearer secret (43 base64url characters; a UUID has 36), wherever a route carries one. */
const SECRET_SEGMENT = /(?<=\/)[A-Za-z0-9_-]{40,}(?=\/|$)/g;

/**
 * A request's URL as it may be written to the log: secret tokens in the path replaced, and the
 * query string left out (it may carry anything: a socket.io polling session id, a future token),
 * only marked as present.
 */
export function loggedUrl(url: string): string {
  const cut = url.search(/[?#]/);
  const path = cut < 0 ? url : url.slice(0, cut);
  const redacted = path
    .replace(SECRET_PATHS, (_, api: string | undefined, page: string) => `${api ?? ''}/${page}/[token]`)
    .replace(SECRET_SEGMENT, '[token]');
  return cut < 0 ? redacted : `${redacted}?…`;
}
