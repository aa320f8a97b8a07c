// Verdict words and badges, shared by the run, campaign and store pages:
// green valid, red anomaly, amber unknown (the same colours everywhere).

import type { Validity } from '../checkers/types.js';

export type VerdictWord = 'valid' | 'anomaly' | 'unknown';

export function verdictWord(v: Validity | null | undefined): VerdictWord {
  return v === true ? 'valid' : v === false ? 'anomaly' : 'unknown';
}

export function verdictBadge(v: Validity | null | undefined): string {
  const word = verdictWord(v);
  return `<span class="verdict verdict-${word}">${word.toUpperCase()}</span>`;
}
