import { emptyDrops } from '../../machines/defaults.js';
import type { SimulationResult, TranscriptEntry } from '../../machines/types.js';

/** A result as `parley run` writes it, for reporter tests; override what the test is about. */
export function makeResult(overrides: Partial<SimulationResult> = {}): SimulationResult {
  return {
    caseId: 'case',
    iteration: 1,
    verdict: 'passed',
    error: null,
    startedAt: '2026-01-05T10:00:00.000Z',
    durationMs: 1234,
    timings: { setupMs: null, connectMs: 5, handshakeMs: null },
    transcript: [],
    expectations: [],
    dropped: emptyDrops(),
    ...overrides,
  };
}

/** User and agent turns alternating; each agent reply with the given latency. */
export function conversation(pairs: Array<[user: string, agent: string]>, latencyMs = 100): TranscriptEntry[] {
  return pairs.flatMap(([user, agent]) => [
    { role: 'user' as const, text: user, at: '2026-01-05T10:00:00.000Z' },
    { role: 'agent' as const, text: agent, messages: [agent], at: '2026-01-05T10:00:00.100Z', latencyMs, lastMessageLatencyMs: latencyMs, timedOut: false, truncated: false },
  ]);
}

/** A failed result whose reply to turn 1 broke a `contains` expectation, as the checker records it. */
export function failedResult(caseId: string, reply: string, overrides: Partial<SimulationResult> = {}): SimulationResult {
  const message = `Expectation failed: the reply to turn 1 contains "refund" — got ${JSON.stringify(reply)}`;
  return makeResult({
    caseId,
    verdict: 'failed',
    error: { code: 'expectation-failed', message },
    transcript: conversation([['I want my money back', reply]]),
    expectations: [{ turn: 1, kind: 'contains', value: 'refund', ok: false, got: reply, message }],
    ...overrides,
  });
}
