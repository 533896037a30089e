/**
 * Soak: one run of many simulations against a mixed pool of good and hostile agents, at
 * concurrency 16. Every result must be what its agent deserves (nothing lost, nothing mixed up
 * between siblings), the heap after GC must not grow, and neither must the open file descriptors.
 *
 *   npm test                                   → 300 simulations
 *   PARLEY_SOAK_COUNT=5000 npx vitest run test/hostile/soak.test.ts   → the full soak
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { runTestSet } from '../../src/engine/run.js';
import { startHostilePool } from './agents/pool.js';
import { refusedPort } from './agents/refused-port.js';
import { directConfig } from './support/config.js';
import { expectNoStack } from './support/expect-clean.js';
import { exposeGc, heapAfterGc, openFds, type HeapReading } from './support/heap.js';

const COUNT = Number(process.env.PARLEY_SOAK_COUNT ?? 300);
const CONCURRENCY = 16;
/** Heap at the end may exceed the reading after the first tenth of the run by this much. */
const HEAP_GROWTH = 0.1;

/** Each agent of the pool, how often it appears, and what its simulations must end as. */
const MIX: Array<{ agent: string; weight: number; turns: number; expect: string }> = [
  { agent: 'good', weight: 5, turns: 2, expect: 'passed' },
  { agent: 'junk', weight: 1, turns: 2, expect: 'passed' },
  { agent: 'flood', weight: 1, turns: 1, expect: 'passed' },
  { agent: 'close-mid-turn', weight: 1, turns: 3, expect: 'agent-closed' },
  { agent: 'reset-mid-turn', weight: 1, turns: 3, expect: 'connection-lost' },
  { agent: 'oversized', weight: 1, turns: 3, expect: 'connection-lost' },
  { agent: 'no-pong', weight: 1, turns: 3, expect: 'connection-lost' },
  { agent: 'mute', weight: 1, turns: 2, expect: 'response-timeout' },
  { agent: 'status-401', weight: 1, turns: 2, expect: 'connect-failed' },
  { agent: 'silent-upgrade', weight: 1, turns: 2, expect: 'connect-timeout' },
  { agent: 'refused', weight: 1, turns: 2, expect: 'connect-failed' },
];

/** What a result amounts to: `passed`, or its error code. */
const outcomeOf = (result: SimulationResult) => (result.verdict === 'passed' ? 'passed' : (result.error?.code ?? result.verdict));

describe('soak', () => {
  it(`${COUNT} simulations against good and hostile agents: every result right, no heap or fd growth`, { timeout: 60_000 + COUNT * 60 }, async () => {
    const gc = exposeGc();
    const pool = await startHostilePool({ record: false });
    const closed = await refusedPort();
    try {
      const cases = MIX.flatMap(({ agent, weight, turns }) =>
        Array.from({ length: weight }, (_, i) => ({
          id: `${agent === 'refused' ? closed : pool.port}/${agent}/${i}`,
          turns: Array.from({ length: turns }, (_, t) => `turn ${t + 1}`),
        })),
      );
      const repeat = Math.ceil(COUNT / cases.length);
      const total = repeat * cases.length;
      const config = directConfig('ws://127.0.0.1:{{case.id}}', {
        // Generous for loopback, because this box is shared: a stalled process must not turn a good
        // agent into a connect-timeout. It only sets how long the silent-upgrade agents take.
        connection: { connectTimeoutSeconds: 2, keepaliveSeconds: 0.2 },
        // Longer than the 30 ms the mid-turn agents wait before breaking the turn.
        coalesceSeconds: 0.1,
        responseTimeoutSeconds: 1,
        // Above responseTimeoutSeconds: see test/regression/empty-reply-truncated.test.ts.
        maxTurnSeconds: 1.2,
      });

      const wrong: string[] = [];
      const seen = new Map<string, number>();
      let finished = 0;
      let early: { heap: HeapReading; fds: number } | undefined;
      let last: { heap: HeapReading; fds: number } | undefined;
      const fdsBefore = openFds();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const summary = await runTestSet(config, parseTestSet({ name: 'soak', cases }), {
        concurrency: CONCURRENCY,
        repeat,
        maxPayload: 64 * 1024,
        onResult: (result) => {
          finished += 1;
          const agent = result.caseId.split('/')[1]!;
          const expected = MIX.find((m) => m.agent === agent)!.expect;
          const outcome = outcomeOf(result);
          seen.set(agent, (seen.get(agent) ?? 0) + 1);
          if (outcome !== expected && wrong.length < 20) wrong.push(`${result.caseId}#${result.iteration}: ${outcome} (${result.error?.message})`);
          if (result.error) expectNoStack(result.error.message);
          if (finished === Math.ceil(total / 10)) early = { heap: heapAfterGc(gc), fds: openFds() };
          // The run is still alive here: anything it keeps per finished simulation shows up now.
          if (finished === total) last = { heap: heapAfterGc(gc), fds: openFds() };
        },
      });
      loop.disable();
      await pool.waitForNoConnections(5000);
      const end = { heap: heapAfterGc(gc), fds: openFds() };
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      console.log(
        `soak: ${total} simulations in ${summary.durationMs} ms; heap (data) after 10%: ${mb(early!.heap.used)} (${mb(early!.heap.data)}), ` +
          `at the last result: ${mb(last!.heap.used)} (${mb(last!.heap.data)}), after the run: ${mb(end.heap.used)} (${mb(end.heap.data)}); ` +
          `event loop delay max ${Math.round(loop.max / 1e6)} ms; fds before ${fdsBefore}, after 10% ${early!.fds}, last ${last!.fds}, end ${end.fds}`,
      );

      expect(summary.total).toBe(total);
      expect(wrong).toEqual([]);
      for (const { agent, weight } of MIX) expect(seen.get(agent)).toBe(weight * repeat);
      expect(end.heap.used, 'heap after GC at the end').toBeLessThanOrEqual(early!.heap.used * (1 + HEAP_GROWTH));
      // Stricter than the issue asks: while the run is alive, nothing may pile up per finished
      // simulation either (fails while the supervisor keeps finished children: see the report).
      expect(last!.heap.data, 'heap data at the last result, the run still alive').toBeLessThanOrEqual(early!.heap.data * (1 + HEAP_GROWTH));
      expect(end.fds).toBeLessThanOrEqual(early!.fds);
      // Back to where it started; two spare for whatever the test runner itself may open meanwhile.
      expect(end.fds).toBeLessThanOrEqual(fdsBefore + 2);
    } finally {
      await pool.close();
    }
  });
});
