/** Spatial analyses shared by server and client (issue #6): pure functions, no I/O. */
export * from './types.ts';
export * from './coverage.ts';
export * from './siting.ts';
export * from './partners.ts';
export * from './chain-gaps.ts';
export * from './alliance-summary.ts';
