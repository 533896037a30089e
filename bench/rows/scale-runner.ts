/** Runs one side of row 3 in a fresh child process (dist/bench/scale-child.js), with `--expose-gc`. */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureScale, type ScaleOptions, type ScaleResult } from './scale.js';

type Reply = { ok: true; result: ScaleResult } | { ok: false; error: string };

export function scaleChildPath(): string | null {
  const path = fileURLToPath(new URL('../scale-child.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** In a child process when the compiled bench is there, else in this process. */
export async function runScale(options: ScaleOptions, timeoutMs: number): Promise<ScaleResult> {
  const path = scaleChildPath();
  if (!path) return measureScale(options);
  const child = fork(path, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<ScaleResult>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`bench: the ${options.side} scale child took longer than ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (reply: Reply) => (reply.ok ? resolve(reply.result) : reject(new Error(reply.error))));
      child.once('exit', (code) => reject(new Error(`bench: the ${options.side} scale child exited with ${code}`)));
      child.once('error', reject);
      child.send(options);
    });
  } finally {
    clearTimeout(timer);
    // It exits by itself once it has replied; if it does not within 10 s, end it (our own child, by pid).
    const late = setTimeout(() => child.kill('SIGKILL'), child.exitCode === null ? 10_000 : 0);
    await exited;
    clearTimeout(late);
  }
}
