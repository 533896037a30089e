import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SimulationResult } from '../../machines/types.js';
import type { RunSummary } from '../engine/summary.js';
import type { CaseRate } from '../report/case-rates.js';
import { githubAnnotations, inGitHubActions, stepSummaryMarkdown } from '../report/github.js';
import { formatHtmlReport } from '../report/html/page.js';
import { formatJUnit } from '../report/junit.js';
import { CliExit, EXIT } from './exit-codes.js';
import { makeFolders } from '../make-folders.js';
import { checkOutputFile } from './out-file.js';
import type { CliIO } from './io.js';

/** The report flags `run` and `report` share. */
export interface ReportFlags {
  junit?: string;
  html?: string;
  json?: boolean;
}

/** Fails with exit 2 before anything runs when a report file could not be written. */
export function checkReportFiles(flags: ReportFlags): void {
  if (flags.junit !== undefined) checkOutputFile(flags.junit, 'the JUnit report');
  if (flags.html !== undefined) checkOutputFile(flags.html, 'the HTML report');
}

/** Everything the reports are made of. */
export interface ReportContent {
  /** The test set's name (JUnit suite name, page title). */
  title: string;
  /** One JUnit suite per entry: a run has one; `parley report` one per file (named in the HTML when several). */
  suites: Array<{ name: string; results: SimulationResult[]; durationMs: number; file?: string }>;
  summary: RunSummary;
  /** Every result, in case order. */
  results: SimulationResult[];
  repeated: boolean;
  rates?: { passRate: number; cases: CaseRate[] } | undefined;
  redact: (text: string) => string;
}

/**
 * Writes `--junit` and `--html`, and in GitHub Actions the annotations and the step summary.
 * @returns lines naming the files written, for the end of the human summary.
 */
export function writeReports(content: ReportContent, flags: ReportFlags, io: CliIO, env: NodeJS.ProcessEnv = process.env): string[] {
  const written: string[] = [];
  if (flags.junit !== undefined) {
    writeOutput(flags.junit, formatJUnit(content.suites, content.redact), 'the JUnit report');
    written.push(`JUnit: ${flags.junit}`);
  }
  if (flags.html !== undefined) {
    const { title, summary, results, rates, redact, repeated } = content;
    writeOutput(flags.html, formatHtmlReport({ title, summary, results, rates, redact, repeated, sourceOf: sourceOf(content.suites) }), 'the HTML report');
    written.push(`HTML report: ${flags.html}`);
  }
  if (inGitHubActions(env)) reportToGitHub(content, flags, io, env);
  return written;
}

/** Which file each result came from, when the report joins several. */
function sourceOf(suites: ReportContent['suites']): ((result: SimulationResult) => string | undefined) | undefined {
  if (suites.length < 2) return undefined;
  const files = new Map(suites.flatMap((suite) => suite.results.map((result) => [result, suite.file ?? suite.name] as const)));
  return (result) => files.get(result);
}

/** Writes a report, making its folder; a failure (disk full) is one line and exit 1, not a stack. */
export function writeOutput(path: string, text: string, what: string): void {
  try {
    makeFolders(dirname(path));
    writeFileSync(path, text);
  } catch (error) {
    throw new CliExit(EXIT.failed, `Cannot write ${what} to ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function reportToGitHub(content: ReportContent, flags: ReportFlags, io: CliIO, env: NodeJS.ProcessEnv): void {
  const failures = content.results.filter((result) => result.verdict !== 'passed');
  const annotations = githubAnnotations(failures, content.redact);
  // With --json stdout must stay one JSON object; the runner reads commands from stderr too.
  for (const line of annotations) (flags.json ? io.err : io.out)(line);
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, stepSummaryMarkdown({ ...content, failures }));
  } catch (error) {
    io.err(`warning: cannot append the step summary to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
