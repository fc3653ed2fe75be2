import { drawOrder } from './draw.js';

const units = ['黄州区', '团风县', '红安县', '麻城市', '罗田县', '英山县', '浠水县', '蕲春县', '武穴市', '黄梅县'].map((unit, i) => ({
  id: `p${i}`,
  unit,
}));

describe('drawOrder', () => {
  it('gives the same order for the same seed, whatever order the presenters come in', () => {
    const once = drawOrder(units, 20261122).map((p) => p.unit);
    const again = drawOrder([...units].reverse(), 20261122).map((p) => p.unit);
    expect(again).toEqual(once);
  });

  it('is a permutation, and another seed gives another order', () => {
    const a = drawOrder(units, 1).map((p) => p.unit);
    const b = drawOrder(units, 2).map((p) => p.unit);
    expect([...a].sort()).toEqual(units.map((u) => u.unit).sort());
    expect(a).not.toEqual(b);
  });
});
