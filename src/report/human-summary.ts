import type { SimulationResult } from '../../machines/types.js';
import type { RunSummary } from '../engine/summary.js';
import { groupFailures, groupLabel } from './failure-groups.js';
import { failedReply, textChips } from './chips.js';
import { casePasses, percent, type CaseRate } from './case-rates.js';
import { PLAIN, verdictTag, type Colors } from './colors.js';
import { failureDetails } from './failures.js';
import { errorCounts, formatMs, shorten } from './format.js';
import { judgementLines } from './model-notes.js';

/** Failing cases listed in full; the rest are counted, and the results file has them all. */
export const MAX_LISTED_FAILURES = 20;
/** Failure lines shown per simulation; the results file has every one. */
const MAX_DETAILS = 10;

/** What the human summary needs beyond the engine's summary. */
export interface HumanSummaryInput {
  summary: RunSummary;
  /** Every result that did not pass, in the order they finished. */
  failures: SimulationResult[];
  /** Simulations the run was asked for (cases × repeat): more than `total` when interrupted. */
  planned: number;
  /** Names shown in the title, when the files have them. */
  agentName?: string | undefined;
  testSetName?: string | undefined;
  /** Whether cases ran more than once (labels then carry `#iteration`). */
  repeated: boolean;
  /** With `--pass-rate`: each case's rate, judged against `passRate`. */
  rates?: { passRate: number; cases: CaseRate[] } | undefined;
  /** @default no colour */
  colors?: Colors;
  /** Scrubs secrets from failure messages (an agent may echo a token). @default none */
  redact?: (text: string) => string;
  /** The run stopped at its first failure (`--bail`), not because it was interrupted. */
  bailed?: boolean;
  /** Shown after the summary, e.g. the JUnit and HTML files written. */
  files?: string[];
  /** Results that carry a judgement, listed per criterion (README "Simulated users and judges"). @default [] */
  judged?: SimulationResult[];
}

/** The human summary `parley run` and `parley report` print on stdout (README "CLI" and README "Reports and CI"), as lines. */
export function formatHumanSummary(input: HumanSummaryInput): string[] {
  const judgements = judgementLines(input.judged ?? [], input.repeated);
  return [...headline(input), ...counts(input.summary), ...rateLines(input), ...judgements, ...failureLines(input), ...footer(input)];
}

function headline({ summary, agentName, testSetName }: HumanSummaryInput): string[] {
  const names = [agentName, testSetName].filter((name): name is string => Boolean(name)).join(' · ');
  const what = `${summary.total} simulation${summary.total === 1 ? '' : 's'} in ${formatMs(summary.durationMs)}`;
  return ['', names ? `${names}: ${what}` : `Run: ${what}`];
}

function counts(summary: RunSummary): string[] {
  const { p50, p95, max } = summary.latencyMs;
  return [
    `  passed         ${summary.passed}`,
    `  failed         ${summary.failed}`,
    `  error          ${summary.error}`,
    `  reply latency  p50 ${formatMs(p50)} · p95 ${formatMs(p95)} · max ${formatMs(max)}`,
    `  errors         ${errorCounts(summary.errors)}`,
  ];
}

function rateLines({ rates, colors = PLAIN }: HumanSummaryInput): string[] {
  if (!rates) return [];
  const width = Math.max(...rates.cases.map((rate) => rate.caseId.length), 4);
  const rows = rates.cases.map((rate) => {
    const verdict = casePasses(rate, rates.passRate) ? 'passed' : 'failed';
    const count = `${rate.passed}/${rate.total}`;
    return `  ${verdictTag(verdict, colors)} ${rate.caseId.padEnd(width)}  ${count.padStart(7)}  ${percent(rate.rate).padStart(4)}`;
  });
  const passing = rates.cases.filter((rate) => casePasses(rate, rates.passRate)).length;
  return ['', `Cases (pass rate ${percent(rates.passRate)} required): ${passing} of ${rates.cases.length} pass`, ...rows];
}

function failureLines({ failures, repeated, colors = PLAIN, redact }: HumanSummaryInput): string[] {
  if (failures.length === 0) return [];
  const shown = groupFailures(failures).slice(0, MAX_LISTED_FAILURES);
  const listed = shown.flatMap((group) => [
    `  ${verdictTag(group.result.verdict, colors)} ${colors.bold(groupLabel(group, repeated))}`,
    ...detailLines(group.result, '        ', redact),
  ]);
  const more = failures.length - shown.reduce((count, group) => count + group.iterations.length, 0);
  return ['', 'Failing cases:', ...listed, ...(more > 0 ? [`  … and ${more} more (see the results file)`] : [])];
}

/** Each thing that went wrong, `[code] message`, at most {@link MAX_DETAILS}. */
export function detailLines(result: SimulationResult, indent: string, redact: (text: string) => string = (text) => text): string[] {
  const details = failureDetails(result);
  const lines = details.slice(0, MAX_DETAILS).map((detail) => `${indent}[${detail.code}] ${shorten(redact(detail.message), 300)}`);
  if (details.length > MAX_DETAILS) lines.push(`${indent}… and ${details.length - MAX_DETAILS} more`);
  if (lines.length === 0) lines.push(`${indent}[no-error-code] (no message)`);
  // The buttons the agent offered where it failed: what a click could have picked.
  const reply = failedReply(result);
  if (reply?.choices?.length) lines.push(`${indent}buttons: ${shorten(redact(textChips(reply)), 300)}`);
  return lines;
}

function footer({ summary, planned, bailed, files = [] }: HumanSummaryInput): string[] {
  const lines = [''];
  if (summary.cancelled || bailed) {
    const notStarted = Math.max(0, planned - summary.total);
    const why = bailed ? 'Stopped at the first failure (--bail)' : 'Interrupted';
    // With --bail at concurrency 1 nothing else was running: there was nothing to cancel.
    const cancelled = summary.cancelled ? 'running simulations were cancelled; ' : '';
    lines.push(`${why}: ${cancelled}${notStarted} never started.`);
  }
  if (summary.out) lines.push(`Results: ${summary.out}`);
  lines.push(...files);
  return lines;
}
