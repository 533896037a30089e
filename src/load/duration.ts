/** A duration flag (`--duration 2m`, `--window 500ms`): a number with `ms`, `s` or `m`. */
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * Reads `500ms`, `2s`, `1.5m` as milliseconds (README "Load testing").
 * @throws Error worded for the flag's message when the text is not such a duration.
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`Expected a duration such as 500ms, 30s or 2m, got "${text}".`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** `1m 30s`, `2.5s`, `500ms`: how a duration reads in messages and the summary. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m ${seconds}s`;
}
