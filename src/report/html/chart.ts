import { escapeXml } from '../xml.js';
import { axisRange, CHART, markLabels, tickLabels, type PlacedLabel } from './chart-layout.js';

const BINS = 20;
const { width: WIDTH, height: HEIGHT, pad: PAD } = CHART;

/**
 * The latency chart: a histogram of every reply's latency (user message to first agent message)
 * with p50 and p95 marked. Inline SVG, so the page needs no script library and no network.
 */
export function latencyChart(latencies: readonly number[], marks: { p50: number | null; p95: number | null }): string {
  if (latencies.length === 0) return '<p class="muted">No reply latencies to chart (no reply came).</p>';
  const range = axisRange(latencies);
  const span = range.high - range.low;
  const binWidth = span / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const latency of latencies) counts[Math.min(BINS - 1, Math.max(0, Math.floor((latency - range.low) / binWidth)))]! += 1;
  const tallest = Math.max(...counts);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + ((ms - range.low) / span) * plotW;
  const bars = counts.map((count, index) => {
    const h = (count / tallest) * plotH;
    const left = PAD.left + (index / BINS) * plotW;
    const from = range.low + index * binWidth;
    const label = `${Math.round(from)}–${Math.round(from + binWidth)} ms: ${count} repl${count === 1 ? 'y' : 'ies'}`;
    return `<rect class="bar" x="${left.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(plotW / BINS - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeXml(label)}</title></rect>`;
  });
  const shown = (['p50', 'p95'] as const).filter((name) => marks[name] !== null).map((name) => ({ name, ms: marks[name]! }));
  const markLines = shown.map(({ name, ms }) => {
    const at = x(ms).toFixed(1);
    return `<line class="mark ${name}" x1="${at}" x2="${at}" y1="${PAD.top}" y2="${PAD.top + plotH}"/>`;
  });
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Reply latency histogram over ${latencies.length} replies">`,
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`,
    `<text class="tick" x="4" y="${PAD.top + 10}">${tallest}</text>`,
    ...bars,
    ...markLines,
    ...markLabels(shown, x).map((label) => text(label, 'mark-label')),
    ...tickLabels(range, x).map((label) => text(label, 'tick')),
    `<text class="tick" x="${WIDTH / 2}" y="${HEIGHT - 2}" text-anchor="middle">reply latency (user message to first agent message), ${latencies.length} replies</text>`,
    '</svg>',
  ].join('');
}

function text(label: PlacedLabel, className: string): string {
  return `<text class="${className}" x="${label.x.toFixed(1)}" y="${label.y}" text-anchor="${label.anchor}">${escapeXml(label.text)}</text>`;
}
