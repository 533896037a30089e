import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { RunFlags } from '../flags/run.js';
import type { CliIO } from '../io.js';
import { collect, MAX_CONCURRENCY, MAX_REPEAT, passRate, wholeNumber } from '../parse-options.js';
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
    .option('--junit <file>', 'also write JUnit XML (for CI test reporters)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--pass-rate <r>', 'a case passes when at least this share of its --repeat iterations passed (0 < r <= 1)', passRate)
    .option('--case <id>', 'run only this case (repeatable)', collect, [] as string[])
    .option('--grep <pattern>', 'run only cases whose id matches this regular expression (case-insensitive)')
    .option('--bail', 'stop at the first simulation that does not pass')
    .option('--dotenv <file>', 'load environment variables for {{env.NAME}} from this file (variables already set win)')
    // Kept for existing scripts. Node 20 reads --env-file itself, even after the script name, and
    // exits 9 on a missing file before Parley starts: hence --dotenv.
    .option('--env-file <file>', 'same as --dotenv (on Node 20 a missing file is Node\'s own "not found", exit 9)')
    .addHelpText(
      'after',
      '\nExit codes: 0 every simulation passed (with --pass-rate: every case), 1 any failed or errored, 2 bad usage or an invalid file, 130 interrupted (SIGINT), 143 terminated (SIGTERM).',
    )
    .addOption(queueOption('run on `parley worker`s through this Redis queue; --concurrency then caps all workers together'))
    .addOption(queueNameOption())
    .option('--queue-timeout <seconds>', 'with --queue: how long Redis may stay away mid-run before the run gives up (exit 2)', wholeNumber(1, 3600), 30)
    .option('--llm-cache <dir>', 'keep every model answer in this folder, under the SHA-256 of its request, and reuse it')
    .option('--llm-replay', 'answer model requests from --llm-cache only; a request not there is llm-failed')
    .action(async (flags: RunFlags) => {
      // Loaded when the command runs, so `parley --version` does not pay for the engine.
      const { runCommand } = await import('../actions/run.js');
      done(await runCommand(flags, io));
    });
}

