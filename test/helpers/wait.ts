/**
 * The bounded waits every test uses: `within` for a promise, `waitUntil` for a condition (on
 * vitest's `vi.waitFor`), and `sleep` for the few waits whose length is the point (an agent that
 * is slow on purpose, an outage that must last). No test waits forever, and a test that waits for
 * something to be done waits for that, not for a fixed time.
 */
import { vi } from 'vitest';

/** Rejects naming `what` when `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `predicate` holds, checked every `intervalMs`; rejects naming `what` after `ms`. */
export async function waitUntil(predicate: () => boolean, ms: number, what: string, intervalMs = 10): Promise<void> {
  await vi.waitFor(
    () => {
      if (!predicate()) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    },
    { timeout: ms, interval: intervalMs },
  );
}

/** Lets `ms` pass: for time a test means to spend, never to hope something is done. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
