import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../machines/types.js';
import { driveLoad, type DriveOptions, type StartSimulation } from '../../../src/load/driver.js';
import { makeResult } from '../../helpers/results.js';

/** A simulation that takes `ms` of (fake) time, or ends `cancelled` when aborted first. */
function fakeStart(ms: number, log: Array<{ job: Job; at: number }>, now: () => number): StartSimulation {
  return (job, signal) =>
    new Promise((resolve) => {
      const startedAt = now();
      log.push({ job, at: startedAt });
      const end = (verdict: 'passed' | 'error') =>
        resolve(makeResult({ caseId: job.caseId, iteration: job.iteration, verdict, durationMs: now() - startedAt, ...(verdict === 'error' ? { error: { code: 'cancelled', message: 'cancelled' } } : {}) }));
      const timer = setTimeout(() => end('passed'), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        end('error');
      });
    });
}

describe('driving load on a fake clock (README "Load testing")', () => {
  let t0 = 0;
  const elapsed = () => Date.now() - t0;
  beforeEach(() => {
    vi.useFakeTimers();
    t0 = Date.now();
  });
  afterEach(() => vi.useRealTimers());

  function drive(over: Partial<DriveOptions> & Pick<DriveOptions, 'model' | 'start'>) {
    const results: string[] = [];
    const done = driveLoad({ caseIds: ['a', 'b', 'c'], durationMs: 1000, rampMs: 0, graceMs: 500, maxUsers: 1000, elapsed, onResult: (r) => results.push(`${r.caseId}#${r.iteration}:${r.verdict}`), ...over });
    return { results, done };
  }

  it('closed model: users ramp from 1, each runs cases round-robin back to back until the duration', async () => {
    const log: Array<{ job: Job; at: number }> = [];
    const { results, done } = drive({ model: { kind: 'users', users: 3 }, rampMs: 400, start: fakeStart(300, log, elapsed) });
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    // Users start at 0, 200 and 400 ms; each starts again when its last one ends, while < 1000 ms.
    expect(log.map((entry) => [entry.at, entry.job.caseId])).toEqual([
      [0, 'a'], [200, 'b'], [300, 'b'], [400, 'c'], [500, 'c'], [600, 'c'], [700, 'a'], [800, 'a'], [900, 'a'],
    ]);
    expect(log.filter((entry) => entry.job.caseId === 'a').map((entry) => entry.job.iteration)).toEqual([1, 2, 3, 4]);
    expect(results).toHaveLength(9);
    expect(results.every((r) => r.endsWith(':passed'))).toBe(true);
  });

  it('open model: an arrival every 1/R s whatever the others do, skipped (counted) beyond max-users', async () => {
    const log: Array<{ job: Job; at: number }> = [];
    const { done } = drive({ model: { kind: 'rate', from: 10, to: 10 }, maxUsers: 2, start: fakeStart(250, log, elapsed) });
    await vi.advanceTimersByTimeAsync(2000);
    const outcome = await done;
    // 10 arrivals at 0, 100, … 900, 250 ms each: two are running at 200, 500 and 800.
    expect(log.map((entry) => entry.at)).toEqual([0, 100, 300, 400, 600, 700, 900]);
    expect(outcome.skips).toEqual([200, 500, 800]);
  });

  it('open model ramp: arrivals come closer as the rate climbs', async () => {
    const log: Array<{ job: Job; at: number }> = [];
    const { done } = drive({ model: { kind: 'rate', from: 2, to: 20 }, rampMs: 1000, start: fakeStart(10, log, elapsed) });
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    const gaps = log.slice(1).map((entry, i) => entry.at - log[i]!.at);
    expect(gaps[0]).toBe(500);
    expect(gaps.at(-1)!).toBeLessThan(100);
  });

  it('after the duration, running ones finish within the grace or end cancelled', async () => {
    const log: Array<{ job: Job; at: number }> = [];
    const { results, done } = drive({ model: { kind: 'users', users: 2 }, durationMs: 100, graceMs: 500, start: fakeStart(5000, log, elapsed) });
    await vi.advanceTimersByTimeAsync(599);
    expect(results).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    await done;
    expect(results).toEqual(['a#1:error', 'b#1:error']);
  });

  it('an abort (SIGINT) cancels the running ones at once and reports interrupted', async () => {
    const controller = new AbortController();
    const log: Array<{ job: Job; at: number }> = [];
    const { results, done } = drive({ model: { kind: 'rate', from: 5, to: 5 }, durationMs: 60_000, start: fakeStart(5000, log, elapsed), signal: controller.signal });
    await vi.advanceTimersByTimeAsync(450);
    controller.abort();
    const outcome = await done;
    expect(outcome.interrupted).toBe(true);
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.endsWith(':error'))).toBe(true);
  });
});
