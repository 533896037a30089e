import type { QueueFlags } from '../queue-options.js';

/** `parley worker` flags, as commander parses them. */
export interface WorkerFlags extends QueueFlags {
  queue: string;
  concurrency: number;
  lockSeconds: number;
  stallCheckSeconds: number;
}
