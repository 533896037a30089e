import { QueueUnreachableError, QueueUrlError } from '../../queue/errors.js';
import { maskRedisUrl } from '../../queue/redis-url.js';
import { startWorker, type ParleyWorker } from '../../queue/worker.js';
import type { WorkerFlags } from '../flags/worker.js';
import { EXIT, usageError, type ExitCode } from '../exit-codes.js';
import { untilStopped } from '../interrupt.js';
import type { CliIO } from '../io.js';
import { flushAndExit } from '../io.js';

/** Runs simulations from the queue until SIGTERM or SIGINT, then finishes the running ones (exit 0). */
export async function workerCommand(flags: WorkerFlags, io: CliIO): Promise<ExitCode> {
  const stopped = untilStopped();
  const worker = await start(flags, io);
  io.err(`Worker ready: queue "${flags.queueName}" at ${maskRedisUrl(flags.queue)}, up to ${flags.concurrency} simulations at once  (SIGTERM or Ctrl-C to stop)`);
  const signal = await stopped;
  io.err(`${signal}: taking no new simulation; finishing ${worker.running} running… (again to quit now)`);
  // A second signal quits at once; the simulations it held run again on another worker.
  const quit = () => flushAndExit(EXIT.interrupted);
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  try {
    await worker.close();
  } finally {
    process.off('SIGINT', quit);
    process.off('SIGTERM', quit);
  }
  io.err('Worker stopped.');
  return EXIT.ok;
}

async function start(flags: WorkerFlags, io: CliIO): Promise<ParleyWorker> {
  try {
    return await startWorker({
      url: flags.queue,
      queueName: flags.queueName,
      concurrency: flags.concurrency,
      lockSeconds: flags.lockSeconds,
      stallCheckSeconds: flags.stallCheckSeconds,
      onLog: (line) => io.err(line),
    });
  } catch (error) {
    if (error instanceof QueueUnreachableError || error instanceof QueueUrlError) throw usageError(error.message);
    throw error;
  }
}
