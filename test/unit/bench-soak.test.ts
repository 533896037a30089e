/**
 * A smoke-sized run of bench row 11 (soak), so its code cannot rot: 20 conversations sending a
 * message every 0.5 s for 1.5 s on each side, the agent in this process. It checks that every send
 * is counted and answered and the row reports both sides beside the target, not the figures
 * themselves (that is `npm run bench`).
 */
import { describe, expect, it } from 'vitest';
import { SMOKE, formatReport, runBench } from '../../bench/bench.js';
import type { SoakResult } from '../../bench/rows/soak.js';

describe('bench row 11 smoke', () => {
  it('sends one message per tick on every conversation, measures every reply and reports both sides', async () => {
    const lines: string[] = [];
    const report = await runBench({ ...SMOKE, rows: [11], log: (line) => lines.push(line) }, 'smoke');
    const [row] = report.rows;
    expect(row!.error, row!.error).toBeUndefined();
    const { engine, raw } = row!.data as Record<'engine' | 'raw', SoakResult>;
    for (const side of [engine!, raw!]) {
      expect(side.opened, side.side).toBe(20);
      // 3 ticks in 1.5 s each, phase-spread over the first tick; a late tick may drop the last one.
      expect(side.sent, side.side).toBeGreaterThanOrEqual(20 * 2);
      expect(side.sent, side.side).toBeLessThanOrEqual(20 * 3);
      expect(side.errors, side.errorSamples.join('; ')).toBe(0);
      expect(side.lost).toBe(0);
      expect(side.measured).toBe(side.sent);
      expect(side.p50).toBeGreaterThan(0);
      expect(side.p99).toBeGreaterThanOrEqual(side.p50);
      expect(side.max).toBeGreaterThanOrEqual(side.p99);
      expect(side.peakRss).toBeGreaterThan(side.peakHeapUsed);
      expect(side.cpuUsPerMessage).toBeGreaterThan(0);
    }
    expect(row!.engine).toMatch(/^20 conv: \d+\/\d+ replies measured, 0 lost, p99 [\d.,]+ ms, peak RSS [\d,]+ MiB$/);
    expect(row!.target).toBe('every reply measured, none lost, RSS ≤ 400 MiB');
    expect(typeof row!.met).toBe('boolean');
    expect(formatReport(report)).toMatch(/^\| 11 \| soak: 20 conversations, 1 message each per 0\.5 s for 1\.5 s/m);
    expect(lines.some((line) => line.startsWith('row 11 engine: 20 conv:'))).toBe(true);
  }, 20_000);
});
