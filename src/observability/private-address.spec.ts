import { isPrivateAddress } from './private-address.js';

describe(isPrivateAddress.name, () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.20', 'fd12:3456::1', 'fe80::1'])(
    '%s is private',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(['8.8.8.8', '172.32.0.1', '::ffff:1.2.3.4', '2001:db8::1', 'not an address', '', undefined])('%s is not', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );
});
