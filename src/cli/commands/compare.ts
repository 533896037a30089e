import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { CompareFlags } from '../flags/compare.js';
import type { CliIO } from '../io.js';

/** Adds `parley compare`. */
export function registerCompare(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('compare')
    .description('compare two runs case by case: pass rates, regressions, fixes, flaky cases, latency')
    .argument('<base>', 'results of the reference run (.jsonl)')
    .argument('<head>', 'results of the run to judge (.jsonl)')
    .option('--json', 'print one JSON object on stdout')
    .option('--fail-on-regression', 'exit 1 when any case passes less often than in base')
    .addHelpText('after', '\nExit codes: 0 (1 with --fail-on-regression when a case regressed), 2 bad usage or an unreadable file.')
    .action(async (base: string, head: string, flags: CompareFlags) => {
      const { compareCommand } = await import('../actions/compare.js');
      done(await compareCommand(base, head, flags, io));
    });
}
