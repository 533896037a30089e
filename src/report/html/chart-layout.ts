/**
 * The chart's size in SVG units, and the room kept around the plot for labels: the top band holds
 * the p50/p95 labels (two rows), so they never sit on a bar.
 */
export const CHART = { width: 640, height: 196, pad: { left: 40, right: 12, top: 28, bottom: 34 } } as const;

/** Estimated width of a label: 10 px system-ui text averages well under 6.5 px a character. */
const CHAR_WIDTH = 6.5;
const LABEL_ROW = 12;

/** A label placed on the chart: where its anchor is and which way it runs from there. */
export interface PlacedLabel {
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

/** The horizontal extent a label covers, from its anchor and estimated width. */
export function labelBox(label: PlacedLabel): { left: number; right: number } {
  const width = label.text.length * CHAR_WIDTH;
  const left = label.anchor === 'start' ? label.x : label.anchor === 'end' ? label.x - width : label.x - width / 2;
  return { left, right: left + width };
}

/** 1, 2 or 5 times a power of ten: the smallest such step that fits `range` in `steps` steps. */
function niceStep(range: number, steps: number): number {
  const raw = Math.max(range / steps, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw)!;
}

/**
 * The axis range: round numbers around the data, starting near the fastest reply rather than at
 * 0 (replies of 480–520 ms would otherwise be one bar squeezed against the right edge).
 */
export function axisRange(latencies: readonly number[]): { low: number; high: number; step: number } {
  const min = Math.min(...latencies);
  const max = Math.max(...latencies, 1);
  const step = niceStep(max - min, 4);
  const low = Math.max(0, Math.floor(min / step) * step);
  const high = Math.max(Math.ceil(max / step) * step, low + step);
  return { low, high, step };
}

/** Ticks at every step; the first and the last run inwards from their point so none is cut off. */
export function tickLabels(range: { low: number; high: number; step: number }, x: (ms: number) => number): PlacedLabel[] {
  const ticks: PlacedLabel[] = [];
  for (let ms = range.low; ms <= range.high + range.step / 1000; ms += range.step) {
    ticks.push({ text: `${Math.round(ms)} ms`, x: x(ms), y: CHART.height - 16, anchor: 'middle' });
  }
  return ticks.map((tick, index) => (index === ticks.length - 1 && index > 0 ? { ...tick, anchor: 'end' } : tick));
}

/**
 * The p50 and p95 labels: p50 to the left of its line, p95 to the right, each turned inwards
 * when it would leave the chart, and p95 on a second row when they would still overlap.
 */
export function markLabels(marks: ReadonlyArray<{ name: string; ms: number }>, x: (ms: number) => number): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  marks.forEach((mark, index) => {
    const text = `${mark.name} ${Math.round(mark.ms)} ms`;
    const preferred: PlacedLabel['anchor'] = index === 0 && marks.length > 1 ? 'end' : 'start';
    let label: PlacedLabel = { text, x: x(mark.ms) + (preferred === 'start' ? 3 : -3), y: 10, anchor: preferred };
    const box = labelBox(label);
    if (box.left < 0) label = { ...label, x: x(mark.ms) + 3, anchor: 'start' };
    else if (box.right > CHART.width) label = { ...label, x: x(mark.ms) - 3, anchor: 'end' };
    if (placed.some((other) => other.y === label.y && overlaps(other, label))) label = { ...label, y: label.y + LABEL_ROW };
    placed.push(label);
  });
  return placed;
}

function overlaps(a: PlacedLabel, b: PlacedLabel): boolean {
  const boxA = labelBox(a);
  const boxB = labelBox(b);
  return boxA.left < boxB.right + 4 && boxB.left < boxA.right + 4;
}
