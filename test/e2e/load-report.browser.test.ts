import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummaryBuilder } from '../../src/engine/summary.js';
import type { LoadOutcome } from '../../src/load/run.js';
import type { LoadSample } from '../../src/load/samples.js';
import { buildWindows } from '../../src/load/windows.js';
import { formatLoadHtml } from '../../src/report/html/load.js';
import { CHROMIUM, openHtml, type OpenedPage } from '../helpers/browser.js';

/** Four 1 s windows: latency climbing with users, errors in the last one. */
function outcome(): LoadOutcome {
  const samples: LoadSample[] = [];
  for (let i = 0; i < 40; i++) {
    const startMs = i * 100;
    const late = startMs >= 3000;
    samples.push({
      startMs,
      endMs: startMs + 300,
      verdict: late && i % 2 === 0 ? 'error' : 'passed',
      ...(late && i % 2 === 0 ? { code: 'connect-failed' } : {}),
      connectMs: 2.5,
      replies: late && i % 2 === 0 ? [] : [{ atMs: startMs + 50, latencyMs: 20 + i * 5.5, completeMs: 30 + i * 6 }],
    });
  }
  const builder = new SummaryBuilder();
  const summary = builder.build({ durationMs: 4000, out: 'load.jsonl', cancelled: false });
  return { summary: { ...summary, total: 40, passed: 35, error: 5, errors: { 'connect-failed': 5 } }, model: { kind: 'users', users: 8 }, skipped: 0, samples, windows: buildWindows(samples, [], { windowMs: 1000, endMs: 4000 }), interrupted: false };
}

describe.skipIf(!CHROMIUM)('the load HTML report in a real headless Chromium (README "Load testing")', () => {
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    const thresholds = [
      { expr: 'reply.p95<2000', value: 228.5, ok: true },
      { expr: 'error.rate<0.01', value: 0.125, ok: false },
    ];
    opened = await openHtml(formatLoadHtml({ title: 'busy <&>', agentName: 'busy-bot', outcome: outcome(), thresholds }), 'load.html');
    page = opened.page;
  }, 60_000);

  afterAll(() => opened?.close());

  it('renders self-contained: no console errors, no request beyond the file', async () => {
    expect(await page.locator('h1').textContent()).toBe('Parley load: busy <&>');
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([]);
  });

  it('draws the windows as time series: latency percentiles, users and errors, a point per window', async () => {
    const latency = page.locator('#chart-latency');
    expect(await latency.isVisible()).toBe(true);
    const series = await latency.locator('g.series').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-series'), node.querySelectorAll('circle').length]));
    expect(series).toEqual([['p50', 4], ['p95', 4], ['p99', 4], ['complete p95', 4]]);
    expect(await page.locator('#chart-users g.series circle').count()).toBe(4);
    const errorTips = await page.locator('#chart-errors g.series[data-series="error"] circle title').allTextContents();
    expect(errorTips.at(-1)).toBe('error at 4.0 s: 5');
    const box = await latency.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
  });

  it('shows the thresholds with their measured values and the windows table', async () => {
    const rows = await page.locator('tr.threshold').allTextContents();
    expect(rows).toEqual(['passedreply.p95<2000228.5', 'failederror.rate<0.010.125']);
    expect(await page.locator('table.windows tr').count()).toBe(5);
  });
});
