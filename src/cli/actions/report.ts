import { basename, extname } from 'node:path';
import type { SimulationResult } from '../../../machines/types.js';
import { SummaryBuilder } from '../../engine/summary.js';
import { inStartOrder } from '../../report/case-order.js';
import { caseRates, casePasses } from '../../report/case-rates.js';
import { colorsFor } from '../../report/colors.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { formatJsonSummary } from '../../report/json-summary.js';
import { readResults, ResultsFileError, spanMs } from '../../report/read-results.js';
import { reportRedactor } from '../../report/redaction.js';
import type { ReportCommandFlags } from '../flags/report.js';
import { EXIT, usageError, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { checkReportFiles, writeReports } from '../report-files.js';

/** A results file's results; an unreadable or malformed one ends the command with exit 2. */
export function readResultsOrExit(file: string): SimulationResult[] {
  try {
    return readResults(file);
  } catch (error) {
    if (error instanceof ResultsFileError) throw usageError(error.message);
    throw error;
  }
}

/** The test set's name `run` wrote on each line, else the file's name without its extension. */
function suiteName(file: string, results: readonly SimulationResult[]): string {
  const named = results.map((result) => (result as { testSet?: unknown }).testSet).find((name) => typeof name === 'string');
  return (named as string | undefined) ?? basename(file, extname(file));
}

/** The summary and report files from results already written (README "Reports and CI"), without running anything. */
export async function reportCommand(files: string[], flags: ReportCommandFlags, io: CliIO): Promise<ExitCode> {
  const suites = files.map((file) => {
    const read = readResultsOrExit(file);
    return { file, name: suiteName(file, read), results: inStartOrder(read) };
  });
  checkReportFiles(flags);
  const results = suites.flatMap((suite) => suite.results);
  const builder = new SummaryBuilder();
  for (const result of results) builder.add(result);
  const durationMs = suites.reduce((total, suite) => total + spanMs(suite.results), 0);
  const summary = builder.build({ durationMs, out: null, cancelled: false });
  const repeated = results.some((result) => result.iteration > 1);
  const rates = flags.passRate === undefined ? undefined : { passRate: flags.passRate, cases: caseRates(results) };
  const title = [...new Set(suites.map((suite) => suite.name))].join(', ');
  const written = writeReports(
    {
      title,
      suites: suites.map(({ file, name, results: ofFile }) => ({ name, file, results: ofFile, durationMs: spanMs(ofFile) })),
      summary,
      results,
      repeated,
      rates,
      redact: reportRedactor(),
    },
    flags,
    io,
  );
  if (flags.json) io.out(formatJsonSummary(summary, rates));
  else {
    const lines = formatHumanSummary({
      summary,
      failures: results.filter((result) => result.verdict !== 'passed'),
      planned: results.length,
      testSetName: title,
      repeated,
      rates,
      colors: colorsFor({ isTTY: io.outIsTTY ?? false }),
      redact: reportRedactor(),
      files: [`From: ${files.join(', ')}`, ...written],
    });
    io.out(lines.join('\n'));
  }
  if (summary.total === 0) return EXIT.failed;
  if (rates) return rates.cases.every((rate) => casePasses(rate, rates.passRate)) ? EXIT.ok : EXIT.failed;
  return summary.passed === summary.total ? EXIT.ok : EXIT.failed;
}
