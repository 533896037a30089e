import type { Threshold } from '../../load/thresholds.js';
import type { QueueFlags } from '../queue-options.js';

/** `parley load` flags (README "Load testing"), as commander parses them; durations already in ms. */
export interface LoadFlags extends QueueFlags {
  agent: string;
  tests: string;
  /** Closed model: users at once. */
  users?: number;
  /** Open model: arrivals per second, `[R1, R2]` when ramped. */
  rate?: [number, number];
  duration: number;
  ramp: number;
  window: number;
  grace: number;
  maxUsers: number;
  threshold: Threshold[];
  out?: string;
  html?: string;
  json?: boolean;
  case?: string[];
  grep?: string;
  /** `--dotenv FILE`, the variables for `{{env.NAME}}`. */
  dotenv?: string;
  envFile?: string;
  queueTimeout: number;
}
