import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { LoadFlags } from '../flags/load.js';
import type { CliIO } from '../io.js';
import { duration, loadModelOf, positiveDuration, rate, threshold } from '../load-options.js';
import { collect, wholeNumber } from '../parse-options.js';
import { queueNameOption, queueOption } from '../queue-options.js';

/** The most users or `--max-users` a load run allows: beyond this a process only exhausts sockets. */
const MAX_USERS = 100_000;

/** Adds `parley load` (README "Load testing") to the program; its exit code goes to `done`. */
export function registerLoad(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('load')
    .description('put an agent under load: many users over time, reply latency per window, thresholds')
    .requiredOption('--agent <file>', 'agent config (.yaml, .yml or .json)')
    .requiredOption('--tests <file>', 'test set (.yaml, .yml or .json); its cases run round-robin')
    .option('--users <n>', 'closed model: n simulations at any moment, each user running cases back to back', wholeNumber(1, MAX_USERS))
    .option('--rate <r>', 'open model: a new simulation every 1/r s (r per second; R1:R2 ramps over --ramp)', rate)
    .option('--duration <d>', 'how long new simulations start (ms, s or m)', positiveDuration, 60_000)
    .option('--ramp <d>', 'ramp users from 1, or the rate from R1, over this long', duration, 0)
    .option('--window <d>', 'report a line of figures every window', positiveDuration, 5000)
    .option('--grace <d>', 'after --duration, how long running simulations have before they end cancelled', duration, 30_000)
    .option('--max-users <n>', 'open model: most simulations at once; further arrivals are skipped (counted)', wholeNumber(1, MAX_USERS), 1000)
    .option('--threshold <expr>', 'pass criterion over the whole run, such as reply.p95<2000 (repeatable)', threshold, [])
    .option('--out <file>', 'JSONL results file (default: parley-results/<timestamp>.jsonl)')
    .option('--html <file>', 'also write a self-contained HTML report with the windows as time series')
    .option('--json', 'print one JSON object on stdout instead of the human summary')
    .option('--case <id>', 'use only this case (repeatable)', collect, [] as string[])
    .option('--grep <pattern>', 'use only cases whose id matches this regular expression (case-insensitive)')
    .option('--dotenv <file>', 'load environment variables for {{env.NAME}} from this file (variables already set win)')
    .option('--env-file <file>', 'same as --dotenv (on Node 20 a missing file is Node\'s own "not found", exit 9)')
    .addOption(queueOption('run the simulations on `parley worker`s through this Redis queue; this process paces the arrivals'))
    .addOption(queueNameOption())
    .option('--queue-timeout <seconds>', 'with --queue: how long Redis may stay away mid-run before the run gives up (exit 2)', wholeNumber(1, 3600), 30)
    .addHelpText('after', '\nExit codes: 0 every threshold met (or none given), 1 a threshold failed or nothing finished, 2 bad usage or an invalid file, 130 interrupted.')
    .action(async (flags: LoadFlags) => {
      // The flags that rule each other out, checked before the engine loads.
      loadModelOf(flags);
      const { loadCommand } = await import('../actions/load.js');
      done(await loadCommand(flags, io));
    });
}
