import { compareRuns, formatComparison } from '../../report/compare.js';
import type { CompareFlags } from '../flags/compare.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { readResultsOrExit } from './report.js';

/** Compares two results files (README "Reports and CI"); exit 1 only with --fail-on-regression and a regression. */
export async function compareCommand(base: string, head: string, flags: CompareFlags, io: CliIO): Promise<ExitCode> {
  const outcome = compareRuns(readResultsOrExit(base), readResultsOrExit(head));
  io.out(flags.json ? JSON.stringify(outcome.comparison) : formatComparison(outcome, { base, head }).join('\n'));
  return flags.failOnRegression && outcome.comparison.regressions.length > 0 ? EXIT.failed : EXIT.ok;
}
