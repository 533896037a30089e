import type { QueueFlags } from '../queue-options.js';

/**
 * `parley run` flags, as commander parses them; `--queue` runs on workers (README "Running on many machines"). In their own
 * module (like every command's flags), so the command that declares them and the action that uses
 * them do not import each other.
 */
export interface RunFlags extends QueueFlags {
  agent: string;
  tests: string;
  concurrency: number;
  repeat: number;
  out?: string;
  json?: boolean;
  inspect?: boolean;
  trace?: string;
  junit?: string;
  html?: string;
  /** With `--repeat`: a case passes when at least this share of its iterations passed. */
  passRate?: number;
  case?: string[];
  grep?: string;
  bail?: boolean;
  /** `--dotenv FILE`, the variables for `{{env.NAME}}`. */
  dotenv?: string;
  /** `--env-file FILE`: the same as `--dotenv`, kept for existing scripts. */
  envFile?: string;
  /** With `--queue`: seconds Redis may stay away mid-run before the run ends with exit 2. */
  queueTimeout: number;
  /** `--llm-cache DIR` (README "Simulated users and judges"). */
  llmCache?: string;
  llmReplay?: boolean;
}
