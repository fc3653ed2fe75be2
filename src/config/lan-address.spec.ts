import type { NetworkInterfaceInfo } from 'node:os';
import { lanAddress } from './lan-address.js';

const v4 = (address: string, internal = false) => ({ address, family: 'IPv4', internal }) as NetworkInterfaceInfo;

describe("this machine's LAN address", () => {
  it('prefers the Wi-Fi router’s private address to loopback, link-local, IPv6 and public ones', () => {
    expect(
      lanAddress({
        lo: [v4('127.0.0.1', true)],
        docker0: [v4('172.17.0.1')],
        vboxnet0: [v4('192.168.56.1')],
        eth0: [v4('203.0.113.7'), { address: 'fe80::1', family: 'IPv6', internal: false } as NetworkInterfaceInfo],
        wlan0: [v4('192.168.1.23')],
      }),
    ).toBe('192.168.1.23');
  });

  it('takes a public address when there is no private one, and none when there is no network', () => {
    expect(lanAddress({ eth0: [v4('203.0.113.7')] })).toBe('203.0.113.7');
    expect(lanAddress({ lo: [v4('127.0.0.1', true)] })).toBeNull();
  });
});
