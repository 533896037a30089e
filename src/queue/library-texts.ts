/**
 * What the queue libraries say in their own words, said in Parley's. BullMQ's errors name its
 * internals (`Missing key for job 12. moveToFinished`); ioredis writes some warnings straight to
 * `console.warn`, once per connection, so a run would repeat them for every connection it opens.
 */

/** BullMQ's internal errors, by what they mean for a Parley simulation. */
const BULLMQ_TEXTS: ReadonlyArray<[RegExp, string]> = [
  [/^Missing (?:key|lock) for job [^.]*\.(?: \w+)?$/, 'its job is no longer in the queue: the run that queued it has ended or was cancelled'],
  [/^Lock mismatch for job /, 'another worker took its job over (this one stalled past the lock)'],
  [/^Job \S+ is not in the \w+ state\./, 'its job was already settled elsewhere'],
];

/** A BullMQ error message in Parley's words; any other text unchanged. */
export function inParleyWords(message: string): string {
  return BULLMQ_TEXTS.find(([pattern]) => pattern.test(message))?.[1] ?? message;
}

/** ioredis's warnings (its `[WARN] …` lines) and what Parley says instead, once per process. */
const IOREDIS_WARNINGS: ReadonlyArray<[RegExp, string]> = [
  [/does not require a password, but a password was supplied/, "warning: the queue's Redis needs no password, but the --queue URL gives one; it is not used"],
];

let installed = false;

/**
 * Routes ioredis's own `console.warn` lines through Parley: each known warning is said once per
 * process in Parley's words instead of once per connection in ioredis's. Other warnings pass
 * through unchanged. Idempotent.
 */
export function rewordRedisWarnings(): void {
  if (installed) return;
  installed = true;
  const warn = console.warn.bind(console);
  const said = new Set<string>();
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    const known = IOREDIS_WARNINGS.find(([pattern]) => pattern.test(text));
    if (!known) return warn(...args);
    if (said.has(known[1])) return undefined;
    said.add(known[1]);
    return warn(known[1]);
  };
}
