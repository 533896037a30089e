import type { SimulationResult, Verdict } from '../../../machines/types.js';
import type { RunSummary } from '../../engine/summary.js';
import { casePasses, percent, type CaseRate } from '../case-rates.js';
import { failureDetails } from '../failures.js';
import { groupFailures, groupLabel } from '../failure-groups.js';
import { errorCounts, formatMs } from '../format.js';
import { escapeXml as esc } from '../xml.js';
import { SCRIPT, STYLE } from './assets.js';
import { latencyChart } from './chart.js';
import { simulationSection } from './simulation.js';

/** What the HTML report shows. */
export interface HtmlReportInput {
  title: string;
  summary: RunSummary;
  results: readonly SimulationResult[];
  rates?: { passRate: number; cases: CaseRate[] } | undefined;
  redact: (text: string) => string;
  /** @default now */
  generatedAt?: Date;
  /** The results file a result came from: given when a report joins several files. @default none */
  sourceOf?: ((result: SimulationResult) => string | undefined) | undefined;
  /** Whether cases ran more than once (labels then carry `#iteration`). @default false */
  repeated?: boolean;
}

const ORDER: Record<Verdict, number> = { failed: 0, error: 1, passed: 2 };

/**
 * No request may leave the page, whatever an agent's reply holds: the policy allows only the
 * inline style and script, and images from data: URLs.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The page up to its heading: the policy, the inline style, the title (every report page's). */
export function pageHead(title: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
  ].join('\n');
}

/** One self-contained HTML page (README "Reports and CI"): summary, latency chart, every simulation, failures first. */
export function formatHtmlReport(input: HtmlReportInput): string {
  const { summary, redact } = input;
  const results = [...input.results].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  const latencies = results.flatMap((result) =>
    result.transcript.flatMap((entry) => (entry.role === 'agent' && entry.latencyMs !== undefined ? [entry.latencyMs] : [])),
  );
  const title = `Parley: ${input.title}`;
  return [
    pageHead(title),
    `<p class="muted">Generated ${esc((input.generatedAt ?? new Date()).toISOString())}${summary.out ? ` from ${esc(summary.out)}` : ''}</p>`,
    countsTable(summary),
    `<p>Errors: ${esc(errorCounts(summary.errors))}</p>`,
    input.rates ? ratesTable(input.rates) : '',
    '<h2>Reply latency</h2>',
    latencyChart(latencies, summary.latencyMs),
    failuresList(input),
    `<h2>Simulations</h2>`,
    filters(summary),
    ...results.map((result) => simulationSection(result, redact, input.sourceOf?.(result))),
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** Each distinct failure once, a case failing the same way on every iteration as one line. */
function failuresList({ results, redact, repeated = false }: HtmlReportInput): string {
  const groups = groupFailures(results.filter((result) => result.verdict !== 'passed'));
  if (groups.length === 0) return '';
  const items = groups.map((group) => {
    const why = failureDetails(group.result).map((detail) => `<div class="why">[${esc(detail.code)}] ${esc(redact(detail.message))}</div>`);
    return `<li><span class="badge ${group.result.verdict}">${group.result.verdict}</span> <strong>${esc(groupLabel(group, repeated))}</strong>${why.join('')}</li>`;
  });
  return `<h2>Failing cases</h2><ul class="failures">${items.join('')}</ul>`;
}

function countsTable(summary: RunSummary): string {
  const { p50, p95, max } = summary.latencyMs;
  const cells: Array<[string, string]> = [
    ['simulations', String(summary.total)],
    ['passed', String(summary.passed)],
    ['failed', String(summary.failed)],
    ['error', String(summary.error)],
    ['reply p50', formatMs(p50)],
    ['reply p95', formatMs(p95)],
    ['reply max', formatMs(max)],
    ['duration', formatMs(summary.durationMs)],
  ];
  return `<table class="counts"><tr>${cells.map(([name]) => `<th>${name}</th>`).join('')}</tr><tr>${cells.map(([, value]) => `<td>${esc(value)}</td>`).join('')}</tr></table>`;
}

function ratesTable(rates: { passRate: number; cases: CaseRate[] }): string {
  const rows = rates.cases.map((rate) => {
    const verdict = casePasses(rate, rates.passRate) ? 'passed' : 'failed';
    return `<tr><td><span class="badge ${verdict}">${verdict}</span></td><td>${esc(rate.caseId)}</td><td>${rate.passed}/${rate.total}</td><td>${percent(rate.rate)}</td></tr>`;
  });
  return `<h2>Cases (pass rate ${percent(rates.passRate)} required)</h2><table><tr><th></th><th>case</th><th>passed</th><th>rate</th></tr>${rows.join('')}</table>`;
}

function filters(summary: RunSummary): string {
  const box = (verdict: Verdict, count: number) =>
    `<label><input type="checkbox" data-verdict="${verdict}" checked> ${verdict} (${count})</label>`;
  return [
    '<div class="filters">',
    '<input type="search" id="filter-text" placeholder="Filter by case id, text or error…" aria-label="Filter simulations">',
    box('failed', summary.failed),
    box('error', summary.error),
    box('passed', summary.passed),
    `<span class="muted"><span id="shown-count">${summary.total}</span> shown</span>`,
    '</div>',
  ].join('');
}
