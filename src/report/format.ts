import type { DropCounts, Timings, TranscriptEntry, Verdict } from '../../machines/types.js';

/** `143 ms` below a second, `1.24 s` below a minute, `2 min 5 s` above. Null is `–`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** One line of at most `max` characters: line breaks shown as `⏎`, the cut marked with `…`. */
export function shorten(text: string, max = 120): string {
  const flat = text.replace(/\r?\n/g, '⏎');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A fixed-width tag per verdict, readable without colour. */
export const VERDICT_TAG: Record<Verdict, string> = {
  passed: 'PASS ',
  failed: 'FAIL ',
  error: 'ERROR',
};

/** `3 passed, 1 failed, 0 error`. */
export function verdictCounts(counts: { passed: number; failed: number; error: number }): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.error} error`;
}

/** `expectation-failed 2, connect-failed 1`, most frequent first; `none` when empty. */
export function errorCounts(errors: Record<string, number>): string {
  const entries = Object.entries(errors).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([code, count]) => `${code} ${count}`).join(', ');
}

/** What a reply's line notes beside its text: latency, message count, timed out, truncated. */
export function replyNotes(entry: Extract<TranscriptEntry, { role: 'agent' }>): string[] {
  return [
    entry.latencyMs === undefined ? null : formatMs(entry.latencyMs),
    entry.messages.length > 1 ? `${entry.messages.length} messages` : null,
    entry.timedOut ? 'timed out' : null,
    entry.truncated ? 'truncated' : null,
  ].filter((note): note is string => note !== null);
}

/** `setup 12 ms`, `connect 5 ms`, `handshake 40 ms`: the steps that happened. */
export function timingNotes(timings: Timings): string[] {
  const { setupMs, connectMs, handshakeMs } = timings;
  return [
    setupMs === null ? null : `setup ${formatMs(setupMs)}`,
    connectMs === null ? null : `connect ${formatMs(connectMs)}`,
    handshakeMs === null ? null : `handshake ${formatMs(handshakeMs)}`,
  ].filter((note): note is string => note !== null);
}

/**
 * Classes of frames Parley acted on: answered (`autoReply`), ended the turn or the conversation
 * (`error`, `end`, `turnEnd`) or held the turn open (`typing`). They are counted with the drops
 * (`dropped` in a result) but were used, so they are never called dropped.
 */
const USED_CLASSES: ReadonlySet<string> = new Set(['autoReply', 'error', 'end', 'turnEnd', 'typing']);

/**
 * The classes with a count, `used` or not, read from the counts so classes added later show too
 * (with ten classes, a row of zeros would hide the one that matters).
 */
function countedClasses(dropped: DropCounts, used: boolean): Array<[string, number]> {
  return Object.entries(dropped as Record<string, number>).filter(([name, count]) => count > 0 && USED_CLASSES.has(name) === used);
}

/**
 * `dropped: type 3; used: turnEnd 1`, or `dropped: none`: the frames Parley dropped, and (only when
 * some were) those it acted on, which are counted in `dropped` too but never called dropped.
 */
export function frameNotes(dropped: DropCounts): string {
  const notes = (used: boolean) => countedClasses(dropped, used).map(([name, count]) => `${name} ${count}`);
  const [drops, used] = [notes(false), notes(true)];
  return `dropped: ${drops.length === 0 ? 'none' : drops.join(', ')}${used.length === 0 ? '' : `; used: ${used.join(', ')}`}`;
}

/** How many frames were dropped (not used) and by which classes, `type ×4`; null for none. */
export function droppedFrames(dropped: DropCounts): { count: number; classes: string } | null {
  const entries = countedClasses(dropped, false);
  const count = entries.reduce((sum, [, n]) => sum + n, 0);
  return count === 0 ? null : { count, classes: entries.map(([name, n]) => `${name} ×${n}`).join(', ') };
}
