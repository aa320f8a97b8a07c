// Jepsen's check-safe and compose: a checker that throws becomes `unknown` with
// its error instead of hiding the others, and validities merge so that `false`
// outranks `unknown`, which outranks `true`.

import type { Checker, CheckContext, CheckerResult, Validity } from './types.js';

export function composeValidity(vs: readonly Validity[]): Validity {
  if (vs.some((v) => v === false)) return false;
  if (vs.some((v) => v === 'unknown')) return 'unknown';
  return true;
}

export function unknownResult(error: unknown): CheckerResult {
  return { valid: 'unknown', metrics: {}, violations: [], bounds: {}, error: describeError(error) };
}

export function checkSafe(checker: Checker, ctx: CheckContext): CheckerResult {
  try {
    return checker.check(ctx);
  } catch (e) {
    return unknownResult(e);
  }
}

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
