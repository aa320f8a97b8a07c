// Typed reads of a fault's params (a plain JSON object, because it is stored in
// schedule.json and in every `fault` event), and the one error a fault's
// `resolve` may throw. The config resolver turns a FaultParamError into a
// ConfigError naming the file and the full field path, so faults never see files.

import type { Link } from '../src/history/types.js';

/** A scenario entry that validates but cannot be resolved against this cluster. */
export class FaultParamError extends Error {
  /** `field` is relative to the entry ('' for the entry itself); `foundText` replaces a description of `found`. */
  constructor(readonly field: string, readonly expected: string, readonly found: unknown, readonly foundText?: string) {
    super(`${field}: expected ${expected}`);
    this.name = 'FaultParamError';
  }
}

type Params = Readonly<Record<string, unknown>>;

export function num(p: Params, key: string): number {
  const v = p[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`fault param ${key} is not a number: ${String(v)}`);
  return v;
}

export function optNum(p: Params, key: string): number | undefined {
  return p[key] === undefined ? undefined : num(p, key);
}

export function str<T extends string = string>(p: Params, key: string): T {
  const v = p[key];
  if (typeof v !== 'string') throw new Error(`fault param ${key} is not a string: ${String(v)}`);
  return v as T;
}

export function strs(p: Params, key: string): string[] {
  const v = p[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`fault param ${key} is not a list of names`);
  return v as string[];
}

export function links(p: Params, key = 'links'): Link[] {
  const v = p[key];
  if (!Array.isArray(v)) throw new Error(`fault param ${key} is not a list of links`);
  return v as Link[];
}

/** A field of a raw scenario entry: undefined when absent. */
export function field<T>(entry: Params, key: string): T | undefined {
  return entry[key] as T | undefined;
}
