import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../../helpers/wait.js';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/**
 * The BUILT CLI. These tests run it as users do; `npm test` builds it first (the `pretest`
 * script). Running vitest directly: `npm run build` first.
 */
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Fails the suite with a clear message instead of a spawn error when the CLI is not built. */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it in pretest)`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The child is killed (and the promise rejects) after this long. */
  timeoutMs?: number;
  /** Written to stdin at once, which is then closed (Ctrl-D for a line-reading command). */
  input?: string;
}

/** A running CLI child with its output so far. */
export interface CliChild {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once `pattern` appears in stdout or stderr; rejects after `ms`. */
  waitForOutput(pattern: RegExp, ms: number): Promise<void>;
  /** Resolves with the result when the child exits; rejects (after killing it) after `ms`. */
  exited(ms: number): Promise<CliResult>;
}

/** Starts `node dist/src/cli/main.js ...args`. */
export function startCli(args: string[], options: CliOptions = {}): CliChild {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    // Not a GitHub Actions step unless a test says so: no annotations, no step summary of CI's own.
    env: { ...process.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...options.env, FORCE_COLOR: '0' },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - startedAt }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitForOutput: (pattern, ms) => poll(() => pattern.test(stdout) || pattern.test(stderr), ms, `output ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`),
    exited: (ms) => bounded(exit, ms, () => child.kill('SIGKILL'), `parley ${args.join(' ')} to exit`),
  };
}

/** Runs the CLI to completion (bounded) and returns its exit code and output. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited(options.timeoutMs ?? 15_000);
}

const poll = (check: () => boolean, ms: number, what: string) => waitUntil(check, ms, what, 20);

async function bounded<T>(promise: Promise<T>, ms: number, onTimeout: () => void, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`Timed out after ${ms} ms waiting for ${what}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A line that looks like a JavaScript stack frame: users must never see one. */
export const STACK_FRAME = /^\s+at .+(\(|\s)\S+:\d+:\d+\)?$/m;
