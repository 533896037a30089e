/**
 * A smoke-sized run of bench row 11 (soak), so its code cannot rot: 20 conversations sending a
 * message every 0.5 s for 1.5 s on each side, the agent in this process. It checks that every send
 * is counted and answered and the row reports both sides beside the target, not the figures
 * themselves (that is `npm run bench`).
 */
import { describe, expect, it } from 'vitest';
import { SMOKE, formatReport, runBench } from '../../bench/bench.js';
import { delayPath, startAgent } from '../../bench/agent.js';
import { measureSoak, type SoakResult, type SoakSettings } from '../../bench/rows/soak.js';

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

  it('counts a reply slower than the tick as a late tick, and one past the reply timeout as lost', async () => {
    const agent = await startAgent();
    const settings: SoakSettings = { n: 3, parallel: 3, openMaxMs: 5_000, tickMs: 100, durationMs: 400, replyTimeoutMs: 1_000 };
    try {
      // Replies 150 ms after each 100 ms tick: every send after the first goes right after a reply.
      const late = await measureSoak({ ...settings, side: 'raw', url: agent.origin + delayPath(150) });
      expect(late.errors).toBe(0);
      expect(late.lost).toBe(0);
      // 3 sends each at 0, 150 and 300 ms past its phase (0–67 ms); a slow machine may push the last past 400 ms.
      expect(late.sent).toBeGreaterThanOrEqual(3 * 2);
      expect(late.sent).toBeLessThanOrEqual(3 * 3);
      expect(late.late).toBe(late.sent - 3);
      expect(late.p50).toBeGreaterThanOrEqual(149.5);

      // Replies after the reply timeout: each conversation loses its first reply and stops.
      const lost = await measureSoak({ ...settings, replyTimeoutMs: 100, side: 'engine', url: agent.origin + delayPath(300) });
      expect(lost.opened).toBe(3);
      expect(lost.sent).toBe(3);
      expect(lost.lost).toBe(3);
      expect(lost.measured).toBe(0);
      expect(lost.errors).toBe(3);
      expect(lost.errorSamples[0]).toMatch(/reply 0 took longer than 100 ms/);
    } finally {
      await agent.close();
    }
  }, 10_000);
});
