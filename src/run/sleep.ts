// Abortable waiting, so Ctrl-C during any wait goes straight to teardown.

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Poll `cond` every `every` ms until it holds (true) or `ms` elapse (false). */
export async function waitUntil(cond: () => boolean, ms: number, signal?: AbortSignal, every = 100): Promise<boolean> {
  const end = performance.now() + ms;
  while (!signal?.aborted) {
    if (cond()) return true;
    if (performance.now() >= end) return false;
    await sleep(every, signal);
  }
  return false;
}
