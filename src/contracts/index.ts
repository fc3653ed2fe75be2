/**
 * What crosses the wire between the server and its clients, in one place: the live channel's
 * events and views, the REST responses, the error codes and the enumerations. Types and constant
 * arrays only (no framework code), so the server and the client compile the same file; the client
 * imports it as `@contracts`.
 */
export * from './ballots.js';
export * from './errors.js';
export * from './live.js';
export * from './enums.js';
export * from './rest.js';
