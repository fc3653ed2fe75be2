import { ConcurrencyLimit, RateWindows } from './rate-windows.js';

describe(RateWindows.name, () => {
  it('counts hits per key within a window, and says how long to wait once over the limit', () => {
    const windows = new RateWindows(3, 1_000);
    expect([0, 1, 2, 3].map((i) => windows.hit('a', 10_000 + i))).toEqual([0, 0, 0, 997]);
    expect(windows.hit('b', 10_004)).toBe(0);
    expect(windows.hit('a', 11_000)).toBe(0);
  });

  it('when full, forgets the keys seen first, never the count of the one busy now', () => {
    const windows = new RateWindows(2, 60_000, 100);
    windows.hit('guesser', 0);
    windows.hit('guesser', 1);
    // A crowd of new addresses fills the table; the guesser keeps knocking meanwhile.
    for (let i = 0; i < 500; i++) {
      windows.hit(`crowd ${i}`, 2);
      if (i % 50 === 0) windows.hit('guesser', 2);
    }
    expect(windows.hit('guesser', 3)).toBeGreaterThan(0);
  });
});

describe(ConcurrencyLimit.name, () => {
  it('runs at most `limit` tasks at once, lines up `queue` more and refuses the rest at once', async () => {
    const limit = new ConcurrencyLimit(1, 1);
    let release!: () => void;
    const first = limit.run(
      () => new Promise<string>((resolve) => (release = () => resolve('first'))),
      () => new Error('full'),
    );
    const second = limit.run(
      async () => 'second',
      () => new Error('full'),
    );
    await expect(
      limit.run(
        async () => 'third',
        () => new Error('full'),
      ),
    ).rejects.toThrow('full');
    release();
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
  });
});
