import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/load/duration.js';
import { nextArrivalMs, rateAt, userStartMs } from '../../../src/load/pace.js';
import { runMeasures, sampleOf, type LoadSample } from '../../../src/load/samples.js';
import { evaluateThresholds, parseThreshold, thresholdFailure } from '../../../src/load/thresholds.js';
import { buildWindows } from '../../../src/load/windows.js';
import { conversation, makeResult } from '../../helpers/results.js';

const sample = (over: Partial<LoadSample>): LoadSample => ({ startMs: 0, endMs: 100, verdict: 'passed', connectMs: 5, replies: [], ...over });

describe('durations (README "Load testing")', () => {
  it('reads ms, s and m, with decimals', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5m')).toBe(90_000);
  });
  it.each(['5', '5h', '-1s', 's', ''])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/Expected a duration such as 500ms, 30s or 2m/);
  });
});

describe('pacing', () => {
  it('ramps closed-model users linearly from the first at 0 to the last at the ramp end', () => {
    expect([0, 1, 2, 3, 4].map((user) => userStartMs(user, 5, 2000))).toEqual([0, 500, 1000, 1500, 2000]);
    expect(userStartMs(3, 5, 0)).toBe(0);
  });
  it('ramps the open model from R1 to R2, then holds R2', () => {
    const model = { kind: 'rate' as const, from: 2, to: 10 };
    expect(rateAt(model, 0, 1000)).toBe(2);
    expect(rateAt(model, 500, 1000)).toBe(6);
    expect(rateAt(model, 5000, 1000)).toBe(10);
    expect(nextArrivalMs({ kind: 'rate', from: 4, to: 4 }, 1000, 0)).toBe(1250);
  });
});

describe('thresholds (k6-style)', () => {
  it('parses the spec examples', () => {
    for (const expr of ['reply.p95<2000', 'reply.p99<5000', 'complete.p95<8000', 'error.rate<0.01', 'passed.rate>=0.99', 'connect.p95<500']) {
      expect(parseThreshold(expr).expr).toBe(expr);
    }
    expect(parseThreshold(' reply.p95 < 2000 ')).toMatchObject({ expr: 'reply.p95<2000', measure: 'reply.p95', op: '<', limit: 2000 });
  });
  it('refuses an unknown metric (listing the known ones) and a bad operator', () => {
    expect(() => parseThreshold('latency.p95<2000')).toThrow(/unknown metric latency\.p95; known: reply\.\{p50/);
    expect(() => parseThreshold('reply.p42<2000')).toThrow(/unknown metric reply\.p42/);
    expect(() => parseThreshold('reply.p95=>2000')).toThrow(/operators: <, <=, >, >=, ==/);
    expect(() => parseThreshold('reply.p95')).toThrow(/not metric\.stat<op>number/);
  });
  it('evaluates over the whole run and words a failure with the measured value', () => {
    const samples = [
      sample({ replies: [1, 2, 3, 4].map((ms) => ({ atMs: 10, latencyMs: ms * 1000 + 0.3, completeMs: ms * 1000 })) }),
      sample({ verdict: 'error', code: 'connect-failed', connectMs: null }),
    ];
    const outcomes = evaluateThresholds([parseThreshold('reply.p95<2000'), parseThreshold('error.rate<=0.5'), parseThreshold('passed.rate>=0.99')], runMeasures(samples, 0));
    expect(outcomes).toEqual([
      { expr: 'reply.p95<2000', value: 4000.3, ok: false },
      { expr: 'error.rate<=0.5', value: 0.5, ok: true },
      { expr: 'passed.rate>=0.99', value: 0.5, ok: false },
    ]);
    expect(thresholdFailure(outcomes[0]!)).toBe('Threshold failed: reply.p95<2000 (measured 4000.3)');
  });
  it('fails a threshold with nothing measured', () => {
    expect(evaluateThresholds([parseThreshold('reply.p95<2000')], runMeasures([], 0))).toEqual([{ expr: 'reply.p95<2000', value: null, ok: false }]);
  });
});

describe('windows from timestamps', () => {
  it('counts starts, ends, verdicts, codes, running and skips in their windows; percentiles over every reply', () => {
    const replies = Array.from({ length: 100 }, (_, i) => ({ atMs: 1200, latencyMs: i + 1, completeMs: i + 2 }));
    const samples = [
      sample({ startMs: 100, endMs: 1500, replies }),
      sample({ startMs: 200, endMs: 2500, verdict: 'error', code: 'cancelled' }),
      sample({ startMs: 1100, endMs: 1300, verdict: 'failed', code: 'expectation-failed' }),
    ];
    const windows = buildWindows(samples, [1900, 1950], { windowMs: 1000, endMs: 2600 });
    expect(windows.map((w) => [w.startMs, w.endMs, w.running, w.started, w.finished])).toEqual([
      [0, 1000, 2, 2, 0],
      [1000, 2000, 1, 1, 2],
      [2000, 2600, 0, 0, 1],
    ]);
    expect(windows[1]).toMatchObject({ passed: 1, failed: 1, error: 0, errors: { 'expectation-failed': 1 }, skipped: 2 });
    expect(windows[1]!.reply).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(windows[1]!.complete).toEqual({ p95: 96 });
    expect(windows[2]).toMatchObject({ error: 1, errors: { cancelled: 1 }, reply: { n: 0, p50: null, p95: null, p99: null, max: null }, complete: { p95: null } });
  });
  it('reads a result relative to the run start, keeping 0.1 ms latencies', () => {
    const start = Date.parse('2026-01-05T10:00:00.000Z') - 250;
    const s = sampleOf(makeResult({ transcript: conversation([['Hi', 'Hello']], 41.7), durationMs: 400 }), start);
    expect(s).toMatchObject({ startMs: 250, endMs: 650, connectMs: 5, replies: [{ atMs: 350, latencyMs: 41.7, completeMs: 41.7 }] });
  });
});
