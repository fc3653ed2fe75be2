// The scoring domain: plain functions over plain data, no framework imports. The server, the
// tests and (later) the command-line tool all call these same functions.
export * from './decimal.js';
export * from './criterion-value.js';
export * from './judge-total.js';
export * from './aggregate.js';
export * from './rank.js';
