/**
 * One measurement in a fresh child process (rows 3 and 11), so one side's grown heap and RSS never
 * flatter the other and its sockets count against its own open-file limit. The parent sends the
 * options over IPC; the child measures, replies with the result and exits.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Reply<R> = { ok: true; result: R } | { ok: false; error: string };

/** The compiled entry `name` next to this file (dist/bench/), or null when running from sources. */
export function benchEntry(name: string): string | null {
  const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
  return existsSync(path) ? path : null;
}

/** Runs the entry at `path` with `--expose-gc`, hands it `options` and resolves with its result. */
export async function inChild<O extends object, R>(path: string, options: O, timeoutMs: number, what: string): Promise<R> {
  const child = fork(path, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<R>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`bench: ${what} took longer than ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (reply: Reply<R>) => (reply.ok ? resolve(reply.result) : reject(new Error(reply.error))));
      child.once('exit', (code) => reject(new Error(`bench: ${what} exited with ${code}`)));
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

/** The child's side: measures with the options the parent sends, replies and exits. */
export function answerParent<O, R>(measure: (options: O) => Promise<R>): void {
  process.once('message', (options: O) => {
    measure(options).then(
      (result) => process.send?.({ ok: true, result } satisfies Reply<R>, () => process.exit(0)),
      (error: unknown) =>
        process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply<R>, () => process.exit(1)),
    );
  });
  process.on('disconnect', () => process.exit(1));
}
