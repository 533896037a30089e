/**
 * A smoke-sized run of bench row 9 (load accuracy), so its code cannot rot: a few users for well
 * under a second, the agent in this process. It checks that both sides measured replies and the
 * row reports them beside the target, not how accurate anything is (that is `npm run bench`).
 */
import { describe, expect, it } from 'vitest';
import { SMOKE, formatReport, runBench } from '../../../bench/bench.js';

describe('bench row 9 smoke', () => {
  it('measures Parley users and raw ws clients against the delayed agent and prints each p99 excess', async () => {
    const lines: string[] = [];
    const report = await runBench({ ...SMOKE, rows: [9], log: (line) => lines.push(line) }, 'smoke');
    const [row] = report.rows;
    expect(row!.error, row!.error).toBeUndefined();
    const [result] = row!.data as Array<{ users: number; engine: { n: number; p99: number }; raw: { n: number; p99: number } }>;
    expect(result!.users).toBe(4);
    expect(result!.engine.n).toBeGreaterThan(0);
    expect(result!.raw.n).toBeGreaterThan(0);
    // Neither side can see a reply sooner than the agent's 100 ms.
    expect(result!.engine.p99).toBeGreaterThanOrEqual(99.5);
    expect(result!.raw.p99).toBeGreaterThanOrEqual(99.5);
    expect(row!.engine).toMatch(/^4: p99 excess -?[\d.,]+ ms$/);
    expect(formatReport(report)).toMatch(/row 9 4: ≤ \+5 ms over raw: (met|MISSED)/);
    expect(lines.some((line) => line.startsWith('row 9 at 4 users: engine p50'))).toBe(true);
  }, 20_000);
});
