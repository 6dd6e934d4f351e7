/**
 * Ctrl-C (SIGINT) and SIGTERM on the command line. With no listener, Node's default action ends the process
 * at once, even inside a long synchronous step, and leaves nothing behind: output files do not exist before
 * the write, whose own handler removes its temporaries (platform/node/output.ts). So a command listens only
 * while it waits on a sweep running in other threads or on a queue (parallel/waiting.ts): the thread is idle
 * then, the handler runs at once and cancels the sweep (a queue's waiting jobs are withdrawn), the command
 * prints one line, and the process ends by the same signal (exit status 128 + n: 130 for Ctrl-C), as Unix
 * tools do so that a calling shell stops too. If the command has not ended INTERRUPT_GRACE_MS after the
 * signal (QUEUE_INTERRUPT_GRACE_MS on a queue, whose jobs are withdrawn over the network first), the process
 * ends anyway.
 */
import { constants } from 'node:os';
import { onSweepWaiting } from '../parallel/waiting.js';
import { trace } from '../platform/node/trace.js';

/** Longest wait between the signal and the end of the process. */
export const INTERRUPT_GRACE_MS = 750;
/** The same on a queue: withdrawing the jobs (at most 2 s) and closing the connections (1 s), runners/bullmq.ts. */
export const QUEUE_INTERRUPT_GRACE_MS = 3500;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Stop = (typeof SIGNALS)[number];

let received: Stop | null = null;

/** The signal that cancelled a sweep of this process, or null. */
export function interruptedBy(): Stop | null {
  return received;
}

/**
 * End the process by `signal` with the default action (no listener left), so its exit status says so;
 * returns that status (128 + the signal's number) for the exit code in case the signal is not delivered.
 * @example
 * dieBy('SIGINT'); // a shell sees exit status 130
 */
export function dieBy(signal: NodeJS.Signals): number {
  for (const s of [signal, ...SIGNALS]) process.removeAllListeners(s);
  process.kill(process.pid, signal);
  return 128 + constants.signals[signal];
}

/** A sweep's cancellation by Ctrl-C or SIGTERM, listening only in waiting windows. */
export interface Interrupt {
  /** Fires with reason 'interrupted' on the signal. */
  readonly signal: AbortSignal;
  /** Stop listening (call in `finally`). */
  dispose(): void;
}

/**
 * Cancel sweeps on Ctrl-C or SIGTERM while they wait on other threads or machines (`onQueue`: on a queue).
 * @example
 * const stop = cancelOnInterrupt();
 * try { await permutationTest(data, f, { ...options, signal: stop.signal }); } finally { stop.dispose(); }
 */
export function cancelOnInterrupt(onQueue = false): Interrupt {
  const controller = new AbortController();
  const onSignal = (signal: Stop) => {
    if (received) return; // the terminal and a relaunching parent may both send it
    received = signal;
    controller.abort('interrupted');
    setTimeout(() => {
      process.stderr.write('hdfe: interrupted\n');
      dieBy(signal);
    }, onQueue ? QUEUE_INTERRUPT_GRACE_MS : INTERRUPT_GRACE_MS).unref();
  };
  const listen = (waiting: boolean) => {
    if (waiting) trace('sweep');
    for (const s of SIGNALS) {
      if (waiting && !received) process.on(s, onSignal);
      else process.off(s, onSignal);
    }
  };
  const unsubscribe = onSweepWaiting(listen);
  return {
    signal: controller.signal,
    dispose: () => { unsubscribe(); listen(false); },
  };
}
