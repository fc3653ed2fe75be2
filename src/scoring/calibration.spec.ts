import { calibrationFeedback, type CalibrationLine } from './calibration.js';

const line = (judgeId: string, total: string, content: string, delivery: string): CalibrationLine => ({
  judgeId,
  total,
  values: [
    { criterionId: 'content', value: content },
    { criterionId: 'delivery', value: delivery },
  ],
});

describe('calibrationFeedback', () => {
  const panel = [
    line('a', '85', '40', '45'),
    line('b', '80.5', '38.5', '42'),
    line('c', '76', '36', '40'),
    line('d', '83.5', '39', '44.5'),
  ];

  it('compares a judge with the median of the other judges, in total and per criterion, exactly', () => {
    const feedback = calibrationFeedback(panel, 'a', ['content', 'delivery'])!;
    // Others: 80.5, 76, 83.5: median 80.5; a gave 85, 4.5 above.
    expect(feedback.total).toEqual({ mine: '85', othersMedian: '80.5', othersLowest: '76', othersHighest: '83.5', difference: '4.5' });
    expect(feedback).toMatchObject({ others: 3, higher: 0, lower: 3 });
    expect(feedback.criteria).toEqual([
      { criterionId: 'content', mine: '40', othersMedian: '38.5', othersLowest: '36', othersHighest: '39', difference: '1.5' },
      { criterionId: 'delivery', mine: '45', othersMedian: '42', othersLowest: '40', othersHighest: '44.5', difference: '3' },
    ]);
  });

  it('takes the mean of the two middle values when the others are even in number, and a negative difference below them', () => {
    const feedback = calibrationFeedback(panel.slice(1), 'c', ['content', 'delivery'])!;
    // Others: 80.5 and 83.5: median 82; c gave 76.
    expect(feedback.total).toMatchObject({ othersMedian: '82', difference: '-6' });
    expect(feedback).toMatchObject({ others: 2, higher: 2, lower: 0 });
  });

  it('has nothing to say to a judge who did not score, or who scored alone', () => {
    expect(calibrationFeedback(panel, 'z', ['content'])).toBeNull();
    expect(calibrationFeedback([panel[0]], 'a', ['content'])).toBeNull();
  });
});
