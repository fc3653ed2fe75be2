/**
 * The demo event, modelled on Huanggang's study session for county-level leaders: 7 topics each
 * led by a city standing-committee member, then the secretaries of Huanggang's 10 county-level
 * units present in turn. Names of people are left out on purpose; titles and units are real.
 */
export const HUANGGANG_SESSION = {
  name: '黄冈市县级领导干部专题学习会（演示）',
  rule: { aggregation: { method: 'trimmed_mean' as const, trim: 1 }, rounding: { decimals: 2, mode: 'half_up' as const } },
  defaultTimeLimitSeconds: 300,
  topics: [
    { topic: '专题一：推动高质量发展', lecturer: '市委常委、常务副市长' },
    { topic: '专题二：全面深化改革', lecturer: '市委常委、秘书长' },
    { topic: '专题三：推进乡村全面振兴', lecturer: '市委常委、副市长' },
    { topic: '专题四：长江大保护与生态文明建设', lecturer: '市委常委、宣传部部长' },
    { topic: '专题五：统筹发展和安全', lecturer: '市委常委、政法委书记' },
    { topic: '专题六：优化营商环境', lecturer: '市委常委、统战部部长' },
    { topic: '专题七：全面从严治党', lecturer: '市委常委、组织部部长' },
  ],
  presenters: [
    { unit: '黄州区', title: '区委书记' },
    { unit: '团风县', title: '县委书记' },
    { unit: '红安县', title: '县委书记' },
    { unit: '麻城市', title: '市委书记' },
    { unit: '罗田县', title: '县委书记' },
    { unit: '英山县', title: '县委书记' },
    { unit: '浠水县', title: '县委书记' },
    { unit: '蕲春县', title: '县委书记' },
    { unit: '武穴市', title: '市委书记' },
    { unit: '黄梅县', title: '县委书记' },
  ],
  groups: [
    { name: '市领导', weight: '0.5' },
    { name: '专家学者', weight: '0.3' },
    { name: '群众代表', weight: '0.2' },
  ],
  judges: [
    { seatLabel: 'A1', displayName: '市领导评委一', group: '市领导', conflictUnits: [] },
    { seatLabel: 'A2', displayName: '市领导评委二', group: '市领导', conflictUnits: [] },
    { seatLabel: 'A3', displayName: '市领导评委三', group: '市领导', conflictUnits: [] },
    { seatLabel: 'B1', displayName: '专家评委一', group: '专家学者', conflictUnits: [] },
    { seatLabel: 'B2', displayName: '专家评委二', group: '专家学者', conflictUnits: [] },
    { seatLabel: 'B3', displayName: '专家评委三', group: '专家学者', conflictUnits: [] },
    { seatLabel: 'C1', displayName: '群众代表一', group: '群众代表', conflictUnits: ['红安县'] },
    { seatLabel: 'C2', displayName: '群众代表二', group: '群众代表', conflictUnits: ['浠水县'] },
    { seatLabel: 'C3', displayName: '群众代表三', group: '群众代表', conflictUnits: [] },
  ],
  rubric: [
    { name: '思路清晰', maxScore: '25', step: '0.5' },
    { name: '举措务实', maxScore: '35', step: '0.5' },
    { name: '针对性强', maxScore: '25', step: '0.5' },
    { name: '表达效果', maxScore: '15', step: '0.5' },
  ],
};
