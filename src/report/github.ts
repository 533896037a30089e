import type { SimulationResult } from '../../machines/types.js';
import type { RunSummary } from '../engine/summary.js';
import { caseLabel } from './case-label.js';
import { casePasses, percent, type CaseRate } from './case-rates.js';
import { failureDetails } from './failures.js';
import { errorCounts, formatMs, shorten } from './format.js';

/** Annotations GitHub shows per run; the rest are counted in one line. */
export const MAX_ANNOTATIONS = 10;

/** Whether the process runs as a GitHub Actions step. */
export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** A workflow command's message: `%`, CR and LF are escaped so a reply cannot end the command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error title=<case id>#<iteration>::<message>` per failing simulation (README "Reports and CI"), at most
 * {@link MAX_ANNOTATIONS}, then one notice counting the rest. The message lists everything that
 * went wrong in it, one per line.
 */
export function githubAnnotations(failures: readonly SimulationResult[], redact: (text: string) => string): string[] {
  const lines = failures.slice(0, MAX_ANNOTATIONS).map((result) => {
    const message = failureDetails(result).map((detail) => `[${detail.code}] ${detail.message}`).join('\n');
    return `::error title=${escapeProperty(`${result.caseId}#${result.iteration}`)}::${escapeData(redact(message))}`;
  });
  const rest = failures.length - MAX_ANNOTATIONS;
  if (rest > 0) lines.push(`::notice title=parley::${rest} more failing simulation${rest === 1 ? '' : 's'} (see the step summary)`);
  return lines;
}

/** What the step summary shows. */
export interface StepSummaryInput {
  title: string;
  summary: RunSummary;
  /** Every result that did not pass. */
  failures: readonly SimulationResult[];
  repeated: boolean;
  rates?: { passRate: number; cases: CaseRate[] } | undefined;
  redact: (text: string) => string;
}

/** Rows of failing simulations in the step summary; the results file has them all. */
const MAX_ROWS = 50;

/** A table cell: pipes escaped, one line, HTML-significant characters neutralised. */
function cell(text: string): string {
  return shorten(text, 300).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** The Markdown appended to `$GITHUB_STEP_SUMMARY`. */
export function stepSummaryMarkdown(input: StepSummaryInput): string {
  const { summary, failures, rates, redact } = input;
  const { p50, p95, max } = summary.latencyMs;
  const icon = summary.passed === summary.total && summary.total > 0 ? '✅' : '❌';
  const lines = [
    `### ${icon} Parley: ${cell(input.title)}`,
    '',
    '| simulations | passed | failed | error | reply p50 | reply p95 | reply max | duration |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.total} | ${summary.passed} | ${summary.failed} | ${summary.error} | ${formatMs(p50)} | ${formatMs(p95)} | ${formatMs(max)} | ${formatMs(summary.durationMs)} |`,
    '',
    `Errors: ${errorCounts(summary.errors)}`,
  ];
  if (rates) {
    lines.push('', `| case | passed | rate | verdict (≥ ${percent(rates.passRate)}) |`, '|---|---:|---:|---|');
    for (const rate of rates.cases) {
      lines.push(`| ${cell(rate.caseId)} | ${rate.passed}/${rate.total} | ${percent(rate.rate)} | ${casePasses(rate, rates.passRate) ? 'pass' : '**fail**'} |`);
    }
  }
  if (failures.length > 0) {
    lines.push('', '| simulation | verdict | what went wrong |', '|---|---|---|');
    for (const result of failures.slice(0, MAX_ROWS)) {
      const what = failureDetails(result).map((detail) => `\`${detail.code}\` ${cell(redact(detail.message))}`).join('<br>');
      lines.push(`| ${cell(caseLabel(result, input.repeated))} | ${result.verdict} | ${what} |`);
    }
    if (failures.length > MAX_ROWS) lines.push('', `… and ${failures.length - MAX_ROWS} more (see the results file).`);
  }
  return `${lines.join('\n')}\n\n`;
}
