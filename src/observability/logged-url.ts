/** A judge's page: the path carries the judge's secret link token. */
const JUDGE_PAGE = /^\/judge\/[^/]+/;
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
  const redacted = path.replace(JUDGE_PAGE, '/judge/[token]').replace(SECRET_SEGMENT, '[token]');
  return cut < 0 ? redacted : `${redacted}?…`;
}
