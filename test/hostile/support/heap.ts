/** Heap and file-descriptor readings for the soak. */
import { readdirSync } from 'node:fs';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * `global.gc`, even when node was started without --expose-gc: the flag can be set at run time,
 * and a fresh context then sees `gc` (vitest starts its workers without the flag).
 */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export interface HeapReading {
  /** `heapUsed` after a full collection, in bytes. */
  used: number;
  /**
   * The same without the code spaces. Compiled code keeps growing for a while as V8 optimises
   * more of the hot paths; that is not data kept per simulation, which is what a leak would be.
   */
  data: number;
}

export function heapAfterGc(gc: () => void): HeapReading {
  gc();
  gc(); // a second pass frees what finalizers of the first released
  const used = process.memoryUsage().heapUsed;
  const code = getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith('code_'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return { used, data: used - code };
}

/** Open file descriptors of this process (Linux: entries of /proc/self/fd). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}
