// The expected crash-to-first-suspicion time for this node's own probe schedule
// (CLAIMS 1), kept apart from detection.test.ts so that other tests (the
// simulator's) can compare with the same derivation without running that suite.

/*
 * Expected crash-to-first-suspicion time for THIS node's probe schedule.
 *
 * Schedule: each of the O = N-1 surviving observers runs probe rounds of exactly
 * T (awareness stays 0: no loss), at its own random phase. Its probe order is a
 * random permutation of its M = N-1 peers (victim included), reshuffled at each
 * wrap-around, so the victim sits at a uniform position p in the current pass and
 * an independent uniform position p' in the next. A probe that starts after the
 * crash fails, and the suspicion is raised at the END of that round (start + T).
 * A ping already in flight when the victim dies is lost too, so "after the crash"
 * means after c - l (l = one-way latency).
 *
 * For one observer, measure time in units of T from c - l. The crash falls in
 * slot j of the current pass (j uniform on 0..M-1), a fraction u through it, so
 * the next slot starts after f = 1-u (uniform on (0,1]). The next probe of the
 * victim starts after R = f + K slots, where given j:
 *   K = p - j - 1            if p > j   (still ahead in this pass): P = 1/M each
 *   K = (M-1-j) + p'         if p <= j  (already probed this pass): P = (j+1)/M^2 each
 * Averaging over j gives P(K = k). Observers are independent, so the first
 * probe after the crash starts after min_i R_i, with
 *   P(min > r) = P(R > r)^O,  P(R > r) = P(K >= k+1) + P(K = k)(1 - (r - k)) on [k, k+1).
 * Integrating each unit interval in closed form (tail_k = P(K >= k)):
 *   E[min R] = sum_k (tail_k^(O+1) - tail_(k+1)^(O+1)) / ((O+1) P(K = k)).
 * Then E[first suspicion - crash] = T (1 + E[min R]) - l.
 * For N = 50 this is about 1.98 T: close to one full period more than the first
 * probe itself (which comes after ~1 T on average, since the N-1 observers
 * together probe the victim about once per T), against SWIM's e/(e-1) = 1.58 T for
 * aligned rounds with uniformly random targets.
 */
export function expectedFirstSuspicion(n: number, probeInterval: number, latency: number): number {
  const M = n - 1;
  const O = n - 1;
  const pK = new Array<number>(2 * M).fill(0);
  for (let j = 0; j < M; j++) {
    for (let k = 0; k <= M - 2 - j; k++) pK[k]! += 1 / M / M;
    for (let q = 0; q < M; q++) pK[M - 1 - j + q]! += (j + 1) / (M * M) / M;
  }
  let tail = pK.reduce((a, b) => a + b, 0); // = 1
  let eMin = 0;
  for (let k = 0; k < pK.length; k++) {
    const p = pK[k]!;
    const next = Math.max(0, tail - p);
    if (p > 0) eMin += (tail ** (O + 1) - next ** (O + 1)) / ((O + 1) * p);
    tail = next;
  }
  return probeInterval * (1 + eMin) - latency;
}
