import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { WorkerFlags } from '../flags/worker.js';
import type { CliIO } from '../io.js';
import { MAX_CONCURRENCY, wholeNumber } from '../parse-options.js';
import { queueNameOption, queueOption } from '../queue-options.js';

/** Adds `parley worker` (README "Running on many machines"). */
export function registerWorker(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('worker')
    .description('run simulations from a queue (Redis) until SIGTERM; start as many as you like, on any machine')
    .addOption(queueOption("the queue's Redis: redis://[:password@]host[:port][/db], or rediss:// for TLS").makeOptionMandatory())
    .addOption(queueNameOption())
    .option('--concurrency <n>', 'most simulations this worker runs at once (the run\'s --concurrency caps all workers together)', wholeNumber(1, MAX_CONCURRENCY), 8)
    .option('--lock-seconds <n>', 'a worker that stops renewing its hold this long counts as dead', wholeNumber(1, 3600), 20)
    .option('--stall-check-seconds <n>', 'how often to look for simulations whose worker died', wholeNumber(1, 3600), 15)
    .addHelpText('after', '\nSIGTERM or Ctrl-C: takes no new simulation, finishes the running ones, exits 0 (a second signal quits at once).\nExit 2 when the queue cannot be reached.')
    .action(async (flags: WorkerFlags) => {
      const { workerCommand } = await import('../actions/worker.js');
      done(await workerCommand(flags, io));
    });
}
