import countBy from 'lodash-es/countBy.js';
import isEmpty from 'lodash-es/isEmpty.js';
import mapValues from 'lodash-es/mapValues.js';
import pickBy from 'lodash-es/pickBy.js';
import { vi } from 'vitest';

/**
 * Open-handle accounting inside the test process. `process.getActiveResourcesInfo()` lists what
 * keeps the event loop alive; vitest's own handles (its IPC channel, the test timeout) are there
 * before and after alike, so only growth in the kinds a conversation could leave behind counts.
 */
const WATCHED = ['TCPSocketWrap', 'TCPWrap', 'TLSWrap', 'Timeout', 'Immediate', 'TCPServerWrap'] as const;

export type HandleCounts = Record<(typeof WATCHED)[number], number>;

export function handleCounts(): HandleCounts {
  const counts = countBy(process.getActiveResourcesInfo());
  return Object.fromEntries(WATCHED.map((kind) => [kind, counts[kind] ?? 0])) as HandleCounts;
}

/**
 * Waits (at most `withinMs`) until no watched kind has more handles than in `before`, and returns
 * whatever is still above it (empty when nothing was left behind).
 */
export async function leftoverHandles(before: HandleCounts, withinMs = 3000): Promise<Partial<HandleCounts>> {
  const extra = (): Partial<HandleCounts> =>
    pickBy(mapValues(handleCounts(), (n, kind) => n - before[kind as keyof HandleCounts]), (n) => n > 0);
  try {
    await vi.waitFor(
      () => {
        if (!isEmpty(extra())) throw new Error('handles left');
      },
      { timeout: withinMs, interval: 25 },
    );
  } catch {
    // Still some after the wait: the caller shows which.
  }
  return extra();
}
