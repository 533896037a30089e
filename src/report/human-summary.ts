import type { SimulationResult } from '../../machines/types.js';
import type { RunSummary } from '../engine/summary.js';
import { caseLabel } from './case-label.js';
import { errorCounts, formatMs, shorten, VERDICT_TAG } from './format.js';
import { judgementLines } from './model-notes.js';

/** Failing cases listed in full; the rest are counted, and the results file has them all. */
export const MAX_LISTED_FAILURES = 20;

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
  /** Results that carry a judgement, listed per criterion (SPEC §10.2). @default [] */
  judged?: SimulationResult[];
}

/** The human summary `parley run` prints on stdout (SPEC §7), as lines. */
export function formatHumanSummary(input: HumanSummaryInput): string[] {
  const judgements = judgementLines(input.judged ?? [], input.repeated);
  return [...headline(input), ...counts(input.summary), ...judgements, ...failureLines(input), ...footer(input)];
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

function failureLines({ failures, repeated }: HumanSummaryInput): string[] {
  if (failures.length === 0) return [];
  const listed = failures.slice(0, MAX_LISTED_FAILURES).map((result) => {
    const code = result.error?.code ?? 'no-error-code';
    const message = result.error?.message ?? '(no message)';
    return `  ${VERDICT_TAG[result.verdict]} ${caseLabel(result, repeated)}  [${code}] ${shorten(message, 200)}`;
  });
  const more = failures.length - listed.length;
  return ['', 'Failing cases:', ...listed, ...(more > 0 ? [`  … and ${more} more (see the results file)`] : [])];
}

function footer({ summary, planned }: HumanSummaryInput): string[] {
  const lines = [''];
  if (summary.cancelled) {
    const notStarted = Math.max(0, planned - summary.total);
    lines.push(`Interrupted: running simulations were cancelled; ${notStarted} never started.`);
  }
  if (summary.out) lines.push(`Results: ${summary.out}`);
  return lines;
}
