import { clientAddress } from './client-address.js';

describe(clientAddress.name, () => {
  it('takes the connection’s own address when no proxy is trusted, whatever the headers say', () => {
    expect(clientAddress('10.0.0.7', '1.2.3.4', 0)).toBe('10.0.0.7');
  });

  it('behind one proxy, takes the address that proxy saw, never what the client wrote further left', () => {
    // nginx appends the address it saw: "<whatever the client sent>, <client>".
    expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', '203.0.113.9', 1)).toBe('203.0.113.9');
  });

  it('counts hops from the right behind several proxies, and copes with a short or missing header', () => {
    expect(clientAddress('127.0.0.1', ['6.6.6.6, 203.0.113.9', '10.1.1.1'], 2)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', undefined, 1)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.9', 3)).toBe('203.0.113.9');
  });
});
