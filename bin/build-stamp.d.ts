/** Types of bin/build-stamp.js (plain JavaScript, run by node without a TypeScript loader). */
export declare const SOURCE_DIRS: string[];
export declare const STAMP_FILE: string;
export type SourceState = Record<string, [size: number, mtimeMs: number]>;
export declare function sourceState(root: string): SourceState;
export declare function writeStamp(
  root: string,
  dist?: string,
  sources?: SourceState,
): { builtAt: string; sources: SourceState };
export type DistState = { state: 'current' } | { state: 'missing' } | { state: 'stale'; reason: string };
export declare function distState(root: string, dist?: string): DistState;
