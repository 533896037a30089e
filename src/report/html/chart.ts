import { escapeXml } from '../xml.js';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 12, bottom: 34 };
const BINS = 20;

/**
 * The latency chart: a histogram of every reply's latency (user message to first agent message)
 * with p50 and p95 marked. Inline SVG, so the page needs no script library and no network.
 */
export function latencyChart(latencies: readonly number[], marks: { p50: number | null; p95: number | null }): string {
  if (latencies.length === 0) return '<p class="muted">No reply latencies to chart (no reply came).</p>';
  const max = Math.max(...latencies, 1);
  const binWidth = max / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const latency of latencies) counts[Math.min(BINS - 1, Math.floor(latency / binWidth))]! += 1;
  const tallest = Math.max(...counts);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + (ms / max) * plotW;
  const bars = counts.map((count, index) => {
    const h = (count / tallest) * plotH;
    const left = PAD.left + (index / BINS) * plotW;
    const label = `${Math.round(index * binWidth)}–${Math.round((index + 1) * binWidth)} ms: ${count} repl${count === 1 ? 'y' : 'ies'}`;
    return `<rect class="bar" x="${left.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(plotW / BINS - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeXml(label)}</title></rect>`;
  });
  const markLines = (['p50', 'p95'] as const)
    .filter((name) => marks[name] !== null)
    .map((name) => {
      const at = x(marks[name]!).toFixed(1);
      return `<line class="mark ${name}" x1="${at}" x2="${at}" y1="${PAD.top}" y2="${PAD.top + plotH}"/><text class="mark-label" x="${at}" y="${PAD.top + 10}">${name} ${Math.round(marks[name]!)} ms</text>`;
    });
  const axis = [0, 0.25, 0.5, 0.75, 1].map(
    (share) => `<text class="tick" x="${x(share * max).toFixed(1)}" y="${HEIGHT - 16}">${Math.round(share * max)} ms</text>`,
  );
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Reply latency histogram over ${latencies.length} replies">`,
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`,
    `<text class="tick" x="4" y="${PAD.top + 10}">${tallest}</text>`,
    ...bars,
    ...markLines,
    ...axis,
    `<text class="tick" x="${WIDTH / 2}" y="${HEIGHT - 2}">reply latency (user message to first agent message), ${latencies.length} replies</text>`,
    '</svg>',
  ].join('');
}
