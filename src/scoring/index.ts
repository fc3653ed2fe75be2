// The scoring engine: plain functions over plain data, no framework imports. The server, the
// command-line tool and the tests all call these same functions.
export * from './decimal.js';
export * from './rule.js';
export * from './criterion-value.js';
export * from './judge-total.js';
export * from './aggregate.js';
export * from './normalise.js';
export * from './rank.js';
export * from './round.js';
export * from './standings.js';
export * from './document.js';
export * from './compare.js';
export * from './statistics.js';
export * from './report.js';
export * from './calibration.js';
export * from './series-board.js';
export * from './rank-honesty.js';
