/**
 * A smoke-sized run of the benchmark (bench/), so its code cannot rot: every row with tiny counts,
 * the agent in this process, no `--expose-gc` needed. It checks that the bench runs and reports,
 * not how fast anything is: the real figures come from `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { SMOKE, formatReport, runBench } from '../../bench/bench.js';
import { startAgent, burstPath, echoPath } from '../../bench/agent.js';
import { RawClient } from '../../bench/raw.js';
import { median, percentileOf, pool } from '../../bench/util.js';

describe('bench smoke', () => {
  it('runs every row with tiny counts and reports each beside its raw-ws baseline', async () => {
    const lines: string[] = [];
    const report = await runBench({ ...SMOKE, log: (line) => lines.push(line) }, 'smoke');

    expect(report.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const row of report.rows) {
      expect(row.error, `row ${row.row}: ${row.error}`).toBeUndefined();
      expect(row.engine).not.toBe('');
      expect(row.baseline).not.toBe('');
    }
    const [turns, runs, scale, timers, cli, queue, turnEnd, control] = report.rows;
    expect(turns!.ratio).toBeGreaterThan(0);
    expect(runs!.ratio).toBeGreaterThan(0);
    expect(scale!.ratio).not.toBeNull();
    // The XState floor did rows 1–3's work too, and the control row shows it.
    for (const row of [turns, runs]) expect(row!.floor?.ratio).toBeGreaterThan(0);
    // Without forced GC (the smoke run) a few connections' heap is noise: only its presence counts.
    expect(Number.isFinite(scale!.floor?.ratio)).toBe(true);
    expect(control!.what).toMatch(/^control: leanest XState/);
    expect(control!.target).toMatch(/^turns .*× · runs .*× · heap .*×$/);
    expect(timers!.engine).toMatch(/^p50 .* \/ p99 .* ms$/);
    // Row 5 either timed the CLI or says why it could not.
    expect(cli!.met).toBeNull();
    if (cli!.engine === 'n/a') expect(cli!.notes.join(' ')).toMatch(/^n\/a: /);
    // Row 6 measured 1 and 3 workers on a queue, or says it was skipped (no redis-server).
    expect(queue!.met).toBeNull();
    if (queue!.engine === 'n/a') expect(queue!.notes.join(' ')).toMatch(/^skipped: /);
    else expect(queue!.engine).toMatch(/^1 worker: .* sims\/s; 3 workers: .* sims\/s$/);

    // Row 7 compares the engine with itself: the transcripts must match whatever the speed-up.
    expect(turnEnd!.notes.join(' ')).toContain('transcripts identical');
    expect(turnEnd!.ratio).toBeGreaterThan(1);

    const table = formatReport(report);
    expect(table).toContain('| # | what');
    expect(table.split('\n').filter((line) => /^\| [1-8] \|/.test(line))).toHaveLength(8);
    // Every target's status is printed, with the floor where there is one.
    expect(table).toMatch(/row 1 ≥ 0\.75×: (met|MISSED) \(.*×\); XState floor .*×/);
    expect(table).toMatch(/row 2 ≥ 0\.6×: (met|MISSED)/);
    expect(table).toMatch(/row 3 ≤ 3\.5×: (met|MISSED)/);
    expect(table).toMatch(/row 4 p99 ≤ 5 ms: (met|MISSED)/);
    expect(JSON.parse(JSON.stringify(report)).rows).toHaveLength(8);
  }, 60_000);

  it('has an agent that echoes and bursts, and a raw client that reads it', async () => {
    const agent = await startAgent();
    try {
      const echo = await RawClient.open(agent.origin + echoPath);
      expect(await echo.ask('hi "there" 😀')).toBe('hi "there" 😀');
      expect(await agent.connections()).toBe(1);
      await echo.close();

      const burst = await RawClient.open(agent.origin + burstPath(2, 1));
      expect(await burst.ask('x')).toBe('x #1');
      await burst.close();
    } finally {
      await agent.close();
    }
  });

  it('computes medians and percentiles, and bounds its pools', async () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentileOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentileOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    const done = await pool(10, 3, performance.now() + 5_000, async (i) => i * 2);
    expect(done).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    // A passed deadline starts nothing.
    expect(await pool(10, 3, performance.now() - 1, async (i) => i)).toEqual([]);
  });
});
