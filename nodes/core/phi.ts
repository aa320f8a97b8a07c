// Phi accrual failure detector (Hayashibara et al.): phi = -log10(1 - F(elapsed)).
// Normal model follows Akka (logistic approximation of the normal CDF, mean plus
// acceptable pause, std-dev floored at minStdDev); exponential follows Cassandra
// (phi = elapsed / (mean ln 10); it ignores minStdDev and acceptablePause).

export interface PhiModel {
  model: 'normal' | 'exponential';
  minStdDev: number;
  acceptablePause: number;
}

/** phi for `elapsed` ms since the last heartbeat, given the inter-arrival mean and std-dev. */
export function phi(elapsed: number, mean: number, stdDev: number, m: PhiModel): number {
  if (m.model === 'exponential') return mean > 0 ? elapsed / (mean * Math.LN10) : Infinity;
  const mu = mean + m.acceptablePause;
  const sd = Math.max(stdDev, m.minStdDev);
  const y = (elapsed - mu) / sd;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  return elapsed > mu ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
}

/** Elapsed time at which phi first reaches `threshold` (phi is increasing in elapsed). */
export function phiCrossing(threshold: number, mean: number, stdDev: number, m: PhiModel): number {
  if (m.model === 'exponential') return threshold * mean * Math.LN10;
  let lo = 0;
  let hi = Math.max(1, mean + m.acceptablePause);
  while (phi(hi, mean, stdDev, m) < threshold) hi *= 2;
  for (let i = 0; i < 60 && hi - lo > 0.01; i++) {
    const mid = (lo + hi) / 2;
    if (phi(mid, mean, stdDev, m) < threshold) lo = mid; else hi = mid;
  }
  return hi;
}

/**
 * A bounded window of heartbeat inter-arrival times for one member, seeded like
 * Akka's with two samples around the expected interval (mean ± mean/4).
 */
export class HeartbeatWindow {
  private samples: number[] = [];
  private sum = 0;
  private sumSq = 0;
  last: number | undefined;

  constructor(private readonly size: number, expectedInterval: number) {
    const sd = expectedInterval / 4;
    this.push(expectedInterval - sd);
    this.push(expectedInterval + sd);
  }

  /** Record a heartbeat at `now`; the interval is kept only when `keep` (Akka skips it after a failure). */
  heartbeat(now: number, keep: boolean): void {
    if (this.last !== undefined && keep) this.push(now - this.last);
    this.last = now;
  }

  get mean(): number {
    return this.sum / this.samples.length;
  }

  get stdDev(): number {
    const m = this.mean;
    return Math.sqrt(Math.max(0, this.sumSq / this.samples.length - m * m));
  }

  private push(x: number): void {
    this.samples.push(x);
    this.sum += x;
    this.sumSq += x * x;
    if (this.samples.length > Math.max(1, this.size)) {
      const old = this.samples.shift() as number;
      this.sum -= old;
      this.sumSq -= old * old;
    }
  }
}
