import { describe, expect, it } from 'vitest';
import type { SimulationResult, TranscriptEntry } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';
import { percentile, SummaryBuilder } from '../../src/engine/summary.js';

const reply = (latencyMs: number): TranscriptEntry => ({
  role: 'agent',
  text: 'r',
  messages: ['r'],
  at: '2026-01-05T10:00:00.000Z',
  latencyMs,
  lastMessageLatencyMs: latencyMs,
  timedOut: false,
  truncated: false,
});

function result(over: Partial<SimulationResult> = {}): SimulationResult {
  return {
    caseId: 'c',
    iteration: 1,
    verdict: 'passed',
    error: null,
    startedAt: '2026-01-05T10:00:00.000Z',
    durationMs: 10,
    timings: { setupMs: null, connectMs: 1, handshakeMs: null },
    transcript: [],
    expectations: [],
    dropped: emptyDrops(),
    ...over,
  };
}

const extra = { durationMs: 1234, out: null, cancelled: false };

describe('percentile (nearest rank)', () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);

  it.each([
    [oneToTwenty, 50, 10],
    [oneToTwenty, 95, 19],
    [oneToTwenty, 100, 20],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[15, 20, 35, 40, 50], 50, 35],
    [[7], 50, 7],
    [[7], 95, 7],
    [[3, 5], 50, 3],
    [[3, 5], 0, 3],
  ])('of %j at p%i is %i', (sorted, p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  it('is null with no values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('is always one of the values (never interpolated)', () => {
    const values = [100, 200, 300, 400];
    for (const p of [1, 25, 50, 51, 75, 95, 99]) expect(values).toContain(percentile(values, p));
  });
});

describe('SummaryBuilder', () => {
  it('counts verdicts and errors by code', () => {
    const builder = new SummaryBuilder();
    builder.add(result());
    builder.add(result({ verdict: 'failed', error: { code: 'expectation-failed', message: 'Expectation failed: x' } }));
    builder.add(result({ verdict: 'failed', error: { code: 'response-timeout', message: 'No reply within 1 s' } }));
    builder.add(result({ verdict: 'failed', error: { code: 'expectation-failed', message: 'Expectation failed: y' } }));
    builder.add(result({ verdict: 'error', error: { code: 'cancelled', message: 'Cancelled' } }));

    const summary = builder.build(extra);
    expect(summary).toMatchObject({ total: 5, passed: 1, failed: 3, error: 1 });
    expect(summary.errors).toEqual({ 'expectation-failed': 2, 'response-timeout': 1, cancelled: 1 });
  });

  it('takes p50/p95/max over every reply of the run, sorted, by nearest rank', () => {
    const builder = new SummaryBuilder();
    // 20 replies spread over three results, given out of order.
    const latencies = Array.from({ length: 20 }, (_, i) => (i + 1) * 10).reverse();
    builder.add(result({ transcript: latencies.slice(0, 7).map(reply) }));
    builder.add(result({ transcript: latencies.slice(7, 8).map(reply) }));
    builder.add(result({ transcript: latencies.slice(8).map(reply) }));

    expect(builder.build(extra).latencyMs).toEqual({ p50: 100, p95: 190, max: 200 });
  });

  it('leaves out user turns and turns without a latency (openings, unasked turns, timed-out replies)', () => {
    const builder = new SummaryBuilder();
    const opening: TranscriptEntry = { role: 'agent', text: 'Hi', messages: ['Hi'], at: '2026-01-05T10:00:00.000Z', timedOut: false, truncated: false };
    const timedOut: TranscriptEntry = { role: 'agent', text: '', messages: [], at: '2026-01-05T10:00:00.000Z', timedOut: true, truncated: false };
    const user: TranscriptEntry = { role: 'user', text: 'hello', at: '2026-01-05T10:00:00.000Z' };
    builder.add(result({ transcript: [opening, user, reply(42), user, timedOut] }));

    expect(builder.build(extra).latencyMs).toEqual({ p50: 42, p95: 42, max: 42 });
  });

  it('has null latencies and no errors when nothing replied', () => {
    const summary = new SummaryBuilder().build(extra);
    expect(summary).toEqual({
      total: 0,
      passed: 0,
      failed: 0,
      error: 0,
      latencyMs: { p50: null, p95: null, max: null },
      errors: {},
      durationMs: 1234,
      out: null,
      cancelled: false,
    });
  });

  it('can be built again as more results arrive, without the earlier build changing', () => {
    const builder = new SummaryBuilder();
    builder.add(result({ verdict: 'failed', error: { code: 'agent-closed', message: 'Agent closed the connection' } }));
    const first = builder.build(extra);
    builder.add(result({ verdict: 'failed', error: { code: 'agent-closed', message: 'Agent closed the connection' } }));

    expect(first.errors).toEqual({ 'agent-closed': 1 });
    expect(builder.build({ ...extra, out: 'r.jsonl', cancelled: true })).toMatchObject({
      total: 2,
      errors: { 'agent-closed': 2 },
      out: 'r.jsonl',
      cancelled: true,
    });
  });
});
