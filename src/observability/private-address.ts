import { isIPv4, isIPv6 } from 'node:net';

const PRIVATE_V4 = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./];

/**
 * Whether an address is this machine or on a private network (RFC 1918, loopback, link-local,
 * IPv6 unique-local): where a Prometheus server scraping the instances directly would be.
 */
export function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIPv4(v4)) return PRIVATE_V4.some((range) => range.test(v4));
  if (!isIPv6(address)) return false;
  const lower = address.toLowerCase();
  return lower === '::1' || /^f[cd][0-9a-f]{2}:/.test(lower) || /^fe[89ab][0-9a-f]:/.test(lower);
}
