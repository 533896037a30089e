/**
 * A log that says the same line at most once per `everyMs`: while Redis is away, ioredis retries
 * (and BullMQ reports) several times a second, and one line per half minute says as much.
 */
export function quietLog(log: (line: string) => void, everyMs = 30_000, now = () => Date.now()): (line: string) => void {
  const lastSaid = new Map<string, number>();
  return (line) => {
    const at = now();
    const last = lastSaid.get(line);
    if (last !== undefined && at - last < everyMs) return;
    if (lastSaid.size > 100) lastSaid.clear();
    lastSaid.set(line, at);
    log(line);
  };
}
