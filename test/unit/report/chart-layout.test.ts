import { describe, expect, it } from 'vitest';
import { axisRange, CHART, labelBox, markLabels, tickLabels, type PlacedLabel } from '../../../src/report/html/chart-layout.js';
import { latencyChart } from '../../../src/report/html/chart.js';

const plotWidth = CHART.width - CHART.pad.left - CHART.pad.right;

function layout(latencies: number[], p50: number, p95: number) {
  const range = axisRange(latencies);
  const x = (ms: number) => CHART.pad.left + ((ms - range.low) / (range.high - range.low)) * plotWidth;
  return { range, ticks: tickLabels(range, x), marks: markLabels([{ name: 'p50', ms: p50 }, { name: 'p95', ms: p95 }], x) };
}

function expectInsideAndApart(labels: PlacedLabel[]): void {
  for (const label of labels) {
    const box = labelBox(label);
    expect(box.left, label.text).toBeGreaterThanOrEqual(0);
    expect(box.right, label.text).toBeLessThanOrEqual(CHART.width);
  }
  for (const [index, a] of labels.entries()) {
    for (const b of labels.slice(index + 1)) {
      if (a.y !== b.y) continue;
      const [boxA, boxB] = [labelBox(a), labelBox(b)];
      expect(boxA.right <= boxB.left || boxB.right <= boxA.left, `${a.text} / ${b.text}`).toBe(true);
    }
  }
}

describe('the latency chart keeps every label whole and apart', () => {
  const shapes: Array<[string, number[], number, number]> = [
    ['p50 and p95 a few ms apart', [100, 101, 102, 103, 104, 2000], 102, 104],
    ['p95 at the slowest reply', [10, 20, 30, 12_345], 20, 12_345],
    ['every reply the same', [250, 250, 250], 250, 250],
    ['p50 at the fastest reply', [5, 5, 5, 900], 5, 900],
    ['large latencies', [98_000, 99_000, 120_000], 99_000, 120_000],
  ];
  it.each(shapes)('%s', (_, latencies, p50, p95) => {
    const { ticks, marks } = layout(latencies, p50, p95);
    expectInsideAndApart(ticks);
    expectInsideAndApart(marks);
    // Above the plot, so no label sits on a bar.
    for (const mark of marks) expect(mark.y).toBeLessThan(CHART.pad.top);
  });

  it('the axis starts near the data, not at 0, and covers every reply', () => {
    const { range } = layout([480, 500, 505, 520], 500, 520);
    expect(range.low).toBeGreaterThanOrEqual(400);
    expect(range.low).toBeLessThanOrEqual(480);
    expect(range.high).toBeGreaterThanOrEqual(520);
    expect(axisRange([3, 40, 900]).low).toBe(0);
  });

  it('the SVG carries the placed anchors, the last tick running inwards', () => {
    const svg = latencyChart([480, 500, 505, 520], { p50: 500, p95: 520 });
    const ticks = [...svg.matchAll(/<text class="tick" x="[\d.]+" y="\d+" text-anchor="(\w+)">(\d+) ms<\/text>/g)];
    expect(ticks.at(-1)![1]).toBe('end');
    expect(Number(ticks[0]![2])).toBeGreaterThanOrEqual(400);
    // p95 at the right edge turns inwards rather than running off the chart.
    expect(svg).toContain('text-anchor="end">p95 520 ms</text>');
  });
});
