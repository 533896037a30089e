import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { RunFlags } from '../flags/run.js';
import type { CliIO } from '../io.js';
import { MAX_CONCURRENCY, MAX_REPEAT, wholeNumber } from '../parse-options.js';
import { queueNameOption, queueOption } from '../queue-options.js';

/** Adds `parley run` to the program; its exit code goes to `done`. */
export function registerRun(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('run')
    .description('run a test set against an agent and summarise the verdicts')
    .requiredOption('--agent <file>', 'agent config (.yaml, .yml or .json)')
    .requiredOption('--tests <file>', 'test set (.yaml, .yml or .json)')
    .option('--concurrency <n>', 'most simulations at once', wholeNumber(1, MAX_CONCURRENCY), 8)
    .option('--repeat <n>', 'run every case n times', wholeNumber(1, MAX_REPEAT), 1)
    .option('--out <file>', 'JSONL results file (default: parley-results/<timestamp>.jsonl)')
    .option('--json', 'print one JSON summary object on stdout instead of the human summary')
    .option('--inspect', 'stream the actors to the Stately inspector')
    .option('--trace <file>', 'write every actor event as JSONL')
    .addOption(queueOption('run on `parley worker`s through this Redis queue; --concurrency then caps all workers together'))
    .addOption(queueNameOption())
    .option('--llm-cache <dir>', 'keep every model answer in this folder, under the SHA-256 of its request, and reuse it')
    .option('--llm-replay', 'answer model requests from --llm-cache only; a request not there is llm-failed')
    .addHelpText('after', '\nExit codes: 0 every simulation passed, 1 any failed or errored, 2 bad usage or an invalid file, 130 interrupted.')
    .action(async (flags: RunFlags) => {
      // Loaded when the command runs, so `parley --version` does not pay for the engine.
      const { runCommand } = await import('../actions/run.js');
      done(await runCommand(flags, io));
    });
}

