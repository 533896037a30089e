import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { ReportCommandFlags } from '../flags/report.js';
import type { CliIO } from '../io.js';
import { passRate } from '../parse-options.js';

/** Adds `parley report`. */
export function registerReport(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('report')
    .description('summarise results already written (JSONL from parley run), and write JUnit or HTML from them')
    .argument('<results...>', 'one or more results files (.jsonl)')
    .option('--json', 'print one JSON summary object on stdout instead of the human summary')
    .option('--junit <file>', 'write JUnit XML')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--pass-rate <r>', 'a case passes when at least this share of its iterations passed (0 < r <= 1)', passRate)
    .addHelpText('after', '\nExit codes: 0 every simulation (with --pass-rate: every case) passed, 1 not, 2 bad usage or an unreadable file.')
    .action(async (files: string[], flags: ReportCommandFlags) => {
      const { reportCommand } = await import('../actions/report.js');
      done(await reportCommand(files, flags, io));
    });
}
