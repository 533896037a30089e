/**
 * Open-handle accounting inside the test process. `process.getActiveResourcesInfo()` lists what
 * keeps the event loop alive; vitest's own handles (its IPC channel, the test timeout) are there
 * before and after alike, so only growth in the kinds a conversation could leave behind counts.
 */
const WATCHED = ['TCPSocketWrap', 'TCPWrap', 'TLSWrap', 'Timeout', 'Immediate', 'TCPServerWrap'] as const;

export type HandleCounts = Record<(typeof WATCHED)[number], number>;

export function handleCounts(): HandleCounts {
  const counts = Object.fromEntries(WATCHED.map((kind) => [kind, 0])) as HandleCounts;
  for (const kind of process.getActiveResourcesInfo()) if (kind in counts) counts[kind as keyof HandleCounts] += 1;
  return counts;
}

/**
 * Waits (at most `withinMs`) until no watched kind has more handles than in `before`, and returns
 * whatever is still above it (empty when nothing was left behind).
 */
export async function leftoverHandles(before: HandleCounts, withinMs = 3000): Promise<Partial<HandleCounts>> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const now = handleCounts();
    const extra = Object.fromEntries(
      Object.entries(now).filter(([kind, n]) => n > before[kind as keyof HandleCounts]).map(([kind, n]) => [kind, n - before[kind as keyof HandleCounts]]),
    );
    if (Object.keys(extra).length === 0 || Date.now() > deadline) return extra;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
