import { escapeXml as esc } from '../xml.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 48, right: 12, top: 14, bottom: 30 };
const COLORS = ['#0969da', '#bf8700', '#cf222e', '#8250df', '#1a7f37'];

/** One line of a time-series chart: a value per window (null: nothing that window). */
export interface Series {
  name: string;
  values: ReadonlyArray<number | null>;
}

/**
 * A time-series line chart in inline SVG (no script, no network): one point per window at its
 * end time (`times`, seconds), each point with a tooltip, a legend above.
 */
export function seriesChart(options: { label: string; unit: string; times: readonly number[]; series: readonly Series[]; id: string }): string {
  const { times, series, unit } = options;
  const all = series.flatMap((line) => line.values.filter((value): value is number => value !== null));
  if (times.length === 0 || all.length === 0) return `<p class="muted">No ${esc(options.label)} to chart.</p>`;
  const top = Math.max(...all, 1) * 1.1;
  const end = Math.max(...times, 0.001);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (s: number) => PAD.left + (s / end) * plotW;
  const y = (value: number) => PAD.top + plotH - (value / top) * plotH;
  const lines = series.map((line, index) => {
    const color = COLORS[index % COLORS.length]!;
    const points = line.values.flatMap((value, at) => (value === null ? [] : [[x(times[at]!), y(value), value, times[at]!] as const]));
    const path = points.map(([px, py], at) => `${at === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
    const dots = points.map(
      ([px, py, value, s]) =>
        `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="2.5" fill="${color}"><title>${esc(`${line.name} at ${s.toFixed(1)} s: ${round(value)}${unit}`)}</title></circle>`,
    );
    return `<g class="series" data-series="${esc(line.name)}"><path d="${path}" fill="none" stroke="${color}" stroke-width="1.5"/>${dots.join('')}</g>`;
  });
  const legend = series.map((line, index) => `<tspan fill="${COLORS[index % COLORS.length]}">■ ${esc(line.name)}</tspan>`).join('  ');
  const yTicks = [0, 0.5, 1].map((share) => `<text class="tick" x="4" y="${(y(share * top) + 3).toFixed(1)}">${round(share * top)}${unit}</text>`);
  const xTicks = [0, 0.5, 1].map((share) => `<text class="tick" x="${x(share * end).toFixed(1)}" y="${HEIGHT - 10}">${(share * end).toFixed(1)} s</text>`);
  return [
    `<svg class="chart" id="${esc(options.id)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(options.label)} per window">`,
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`,
    `<text class="tick" x="${PAD.left}" y="10">${legend}</text>`,
    ...yTicks,
    ...xTicks,
    ...lines,
    '</svg>',
  ].join('');
}

const round = (value: number) => (value < 100 && !Number.isInteger(value) ? value.toFixed(1) : String(Math.round(value)));
