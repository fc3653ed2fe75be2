import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** 10/8, 172.16/12 and 192.168/16: the addresses a venue's Wi-Fi router hands out. */
const PRIVATE = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./];

/**
 * Interfaces of virtual machines and containers (Docker, WSL, Hyper-V, VirtualBox, VMware, VPNs):
 * private addresses that no tablet in the hall can reach.
 */
const VIRTUAL = /^(docker|br-|veth|virbr|vboxnet|vmnet|vethernet|wsl|tun|tap|utun|tailscale|zt|ham|lxc|lxd|cni|flannel|podman)/i;

/**
 * The addresses tablets in the hall may reach this machine at, best first: IPv4 addresses on a
 * network (not loopback, not link-local 169.254), of real interfaces before virtual ones, private
 * (a venue router's) before others.
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const candidates = Object.entries(interfaces).flatMap(([name, list]) =>
    (list ?? [])
      .filter((i) => i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.'))
      .map((i) => ({ address: i.address, virtual: VIRTUAL.test(name), private: PRIVATE.some((p) => p.test(i.address)) })),
  );
  const score = (c: (typeof candidates)[number]) => (c.virtual ? 2 : 0) + (c.private ? 0 : 1);
  return candidates.sort((a, b) => score(a) - score(b)).map((c) => c.address);
}

/** The best of lanAddresses, or null when this machine is on no network (a laptop not yet connected). */
export function lanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | null {
  return lanAddresses(interfaces)[0] ?? null;
}
