// One suspicion of one member (memberlist suspicion.go, Lifeguard dynamic
// suspicion). The timeout starts at the max and shrinks toward the min as
// independent suspecters confirm it; the originator never counts as a confirmation.

import { suspicionTimeout, suspicionTimeoutMin, type ProtocolParams } from './params.js';

export class Suspicion {
  private readonly confirmers = new Set<string>();

  /**
   * @param n cluster size when the suspicion started (memberlist estNumNodes).
   * With fewer than K+2 members no confirmations can be expected, so the
   * timeout is the minimum (memberlist: `if n-2 < k { k = 0 }`).
   */
  constructor(
    private readonly params: ProtocolParams,
    private readonly n: number,
    readonly start: number,
    readonly originator: string,
  ) {
    this.confirmers.add(originator);
  }

  /** Record a suspect message from `from`; true when it is a new independent confirmation. */
  confirm(from: string): boolean {
    if (this.confirmers.has(from)) return false;
    this.confirmers.add(from);
    return true;
  }

  get confirmations(): number {
    return this.confirmers.size - 1;
  }

  /** Total timeout (from `start`) given the confirmations so far. */
  timeout(): number {
    const k = this.params.suspicionMult - 2;
    if (this.n - 2 < k) return suspicionTimeoutMin(this.params, this.n);
    return suspicionTimeout(this.params, this.n, Math.min(this.confirmations, Math.max(k, 0)));
  }

  deadline(): number {
    return this.start + this.timeout();
  }
}
