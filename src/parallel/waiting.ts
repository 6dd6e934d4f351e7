/**
 * Whether this thread is waiting on a sweep whose chunks run elsewhere (the pool's threads, a queue's
 * machines). Only in those windows is the thread idle, so only there can a signal handler run at once: the
 * command line listens for Ctrl-C in them and leaves Node's default action (the process ends at once) in
 * place everywhere else, where long synchronous steps (reading, building a plan, rendering) would hold a
 * handler back for seconds. Sweeps that run their chunks in this thread are not waiting.
 */

/** Called with true when the first sweep starts waiting and false when the last stops. */
export type WaitingListener = (waiting: boolean) => void;

const listeners = new Set<WaitingListener>();
let waiting = 0;

/**
 * Follow the waiting windows; returns the unsubscribe function. A listener added inside a window hears true at once.
 * @example
 * const off = onSweepWaiting((w) => (w ? process.on('SIGINT', cancel) : process.off('SIGINT', cancel)));
 */
export function onSweepWaiting(listener: WaitingListener): () => void {
  listeners.add(listener);
  if (waiting > 0) listener(true);
  return () => { listeners.delete(listener); };
}

/** Run `work` (a sweep on another runner) as a waiting window. */
export async function waitOnSweep<T>(work: () => Promise<T>): Promise<T> {
  if (waiting++ === 0) for (const l of [...listeners]) l(true);
  try {
    return await work();
  } finally {
    if (--waiting === 0) for (const l of [...listeners]) l(false);
  }
}
