import { join } from 'node:path';

/** The folder results go to when `--out` is not given. */
export const RESULTS_DIR = 'parley-results';

/**
 * `parley-results/<timestamp>.jsonl`, relative to the working directory. The timestamp is ISO 8601
 * in UTC with `:` and `.` replaced, so the name is valid on every file system and sorts by time.
 */
export function defaultOutPath(now: Date = new Date()): string {
  return join(RESULTS_DIR, `${now.toISOString().replace(/[:.]/g, '-')}.jsonl`);
}
