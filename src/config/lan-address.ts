import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** 10/8, 172.16/12 and 192.168/16: the addresses a venue's Wi-Fi router hands out. */
const PRIVATE = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./];

/**
 * The address tablets in the hall reach this machine at: its first IPv4 address on a network
 * (not loopback, not a link-local 169.254 address), a private one preferred. Null when there is
 * none (a laptop with no network yet).
 */
export function lanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | null {
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.'))
    .map((i) => i.address);
  return candidates.find((a) => PRIVATE.some((p) => p.test(a))) ?? candidates[0] ?? null;
}
