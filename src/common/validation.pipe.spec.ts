import { depthOf } from './validation.pipe.js';

describe('depthOf', () => {
  it('measures nesting without recursion, even 100 000 levels deep', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(depthOf(deep, 16)).toBe(17);
    expect(depthOf({ a: [{ b: 1 }] }, 16)).toBe(3);
    expect(depthOf('flat', 16)).toBe(0);
  });
});
