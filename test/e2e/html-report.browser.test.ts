import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDrops } from '../../machines/defaults.js';
import { SummaryBuilder } from '../../src/engine/summary.js';
import { formatHtmlReport } from '../../src/report/html/page.js';
import { CHROMIUM, openHtml, type OpenedPage } from '../helpers/browser.js';
import { conversation, failedResult, makeResult } from '../helpers/results.js';


const FAILING_REPLY = 'We open at 9 am. <script>alert("xss")</script> & "quotes"';

function reportHtml(): string {
  const results = [
    makeResult({ caseId: 'greeting', transcript: conversation([['Hello', 'Hi! How can I help?']], 40) }),
    failedResult('refund', FAILING_REPLY, { iteration: 2, dropped: { ...emptyDrops(), invalidJson: 1, direction: 2, type: 3 } }),
    makeResult({ caseId: 'down', verdict: 'error', error: { code: 'connect-failed', message: 'Failed to connect to WebSocket (HTTP 503)' } }),
    makeResult({ caseId: 'hours', transcript: conversation([['When?', 'At 9.'], ['Sure?', 'Yes.']], 250) }),
  ];
  const builder = new SummaryBuilder();
  for (const result of results) builder.add(result);
  return formatHtmlReport({ title: 'smoke <&>', summary: builder.build({ durationMs: 2500, out: 'run.jsonl', cancelled: false }), results, redact: (t) => t });
}

describe.skipIf(!CHROMIUM)('the HTML report in a real headless Chromium (README "Reports and CI")', () => {
  let opened: OpenedPage;
  let page: Page;
  let problems: string[];
  let requests: string[];
  let dialogs: string[];

  beforeAll(async () => {
    // One launch for the whole file: a fresh profile, nothing from the network.
    opened = await openHtml(reportHtml());
    ({ page, problems, requests, dialogs } = opened);
  }, 60_000);

  afterAll(() => opened?.close());

  it('renders with no console errors, no request beyond the file, and no script from a reply', async () => {
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Parley: smoke <&>');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('shows the failing reply, highlighted, with the failure and what came', async () => {
    const failing = page.locator('details.sim[data-verdict="failed"] .transcript tr.failing td.text');
    expect(await failing.isVisible()).toBe(true);
    expect(await failing.textContent()).toBe(FAILING_REPLY);
    const why = page.locator('details.sim[data-verdict="failed"] .why');
    expect(await why.textContent()).toContain(`contains "refund" — got ${JSON.stringify(FAILING_REPLY)}`);
    // Only the classes that dropped something are listed.
    expect(await page.locator('details.sim[data-verdict="failed"] .facts').textContent()).toContain('frames dropped: invalidJson 1, direction 2, type 3');
  });

  it('puts failures first, then errors, then passes; draws the latency chart', async () => {
    const verdicts = await page.locator('details.sim').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-verdict')));
    expect(verdicts).toEqual(['failed', 'error', 'passed', 'passed']);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.chart line.mark.p95').count()).toBe(1);
  });

  it('filters by verdict and by text', async () => {
    const visible = () => page.locator('details.sim:not([hidden])').evaluateAll((nodes) => nodes.map((node) => node.querySelector('strong')!.textContent));
    await page.locator('input[data-verdict="passed"]').uncheck();
    expect(await visible()).toEqual(['refund #2', 'down #1']);
    await page.locator('input[data-verdict="passed"]').check();
    await page.locator('#filter-text').fill('at 9');
    expect(await visible()).toEqual(['refund #2', 'hours #1']);
    expect(await page.locator('#shown-count').textContent()).toBe('2');
    await page.locator('#filter-text').fill('');
    expect(await visible()).toHaveLength(4);
    expect(problems).toEqual([]);
  });
});
