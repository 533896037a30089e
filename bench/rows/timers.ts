/**
 * Row 4: timer precision. Coalescing lateness — delivery time − last message time − quiet period —
 * of every reply of `sims` simulations run 8 at a time (runTestSet) against a bursty agent, with raw
 * ws echo loops hammering the same process meanwhile. Baseline: raw ws clients doing the same
 * coalescing with a plain `setTimeout` debounce under the same traffic.
 *
 * The engine's figures come from the turns themselves: `deliveredAt` is when the turn was delivered,
 * and its last message arrived at `at + (lastMessageLatencyMs − latencyMs)` (both on the engine's
 * clock). They are read from the `conversation.turn` events the simulations receive (`inspect`).
 */
import type { AgentTurn } from '../../machines/types.js';
import { runTestSet } from '../../src/index.js';
import { burstPath, echoPath } from '../agent.js';
import { engineConfig, engineTestSet } from '../engine.js';
import { RawClient, openRaw, closeRaw } from '../raw.js';
import { now, percentileOf, pool } from '../util.js';

export interface TimersOptions {
  sims: number;
  turns: number;
  concurrency: number;
  /** The quiet period (coalesceSeconds × 1000). */
  quietMs: number;
  /** Each reply: `count` messages `gapMs` apart. */
  burst: { count: number; gapMs: number };
  /** Raw echo loops running meanwhile (the traffic). */
  trafficClients: number;
  maxMs: number;
}

export interface LatenessResult {
  samples: number;
  /** Every lateness (ms), for pooling across repetitions. */
  values: number[];
  p50: number;
  p99: number;
  max: number;
  /** Replies that did not arrive as one whole burst (split by a late timer or a stall). */
  split: number;
  /** Round trips the traffic loops made meanwhile. */
  trafficTurns: number;
}

function summarise(lateness: number[], split: number, trafficTurns: number): LatenessResult {
  return {
    samples: lateness.length,
    values: lateness,
    p50: percentileOf(lateness, 50),
    p99: percentileOf(lateness, 99),
    max: lateness.length ? Math.max(...lateness) : Number.NaN,
    split,
    trafficTurns,
  };
}

/** Runs `work` while `clients` raw echo loops keep the process busy; returns both results. */
async function underTraffic<T>(origin: string, clients: number, maxMs: number, work: () => Promise<T>): Promise<[T, number]> {
  let stop = false;
  let turns = 0;
  const deadline = now() + maxMs;
  const loops = Array.from({ length: clients }, async () => {
    const client = await RawClient.open(origin + echoPath);
    try {
      for (let i = 0; i < 10_000_000 && !stop && now() < deadline; i++) {
        await client.ask(`traffic ${i}`);
        turns++;
      }
    } finally {
      await client.close();
    }
  });
  try {
    return [await work(), turns];
  } finally {
    stop = true;
    await Promise.all(loops);
  }
}

export async function engineLateness(origin: string, options: TimersOptions): Promise<LatenessResult> {
  const { count, gapMs } = options.burst;
  const config = engineConfig(origin + burstPath(count, gapMs), { coalesceSeconds: options.quietMs / 1000 });
  // No expectations: on a loaded machine a gap can outlast the quiet period and split a reply, which
  // is counted (`split`), not a failed run.
  const testSet = engineTestSet(options.turns, { expect: false });
  const lateness: number[] = [];
  let split = 0;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.maxMs);
  try {
    const [summary, trafficTurns] = await underTraffic(origin, options.trafficClients, options.maxMs, () =>
      runTestSet(config, testSet, {
        concurrency: options.concurrency,
        repeat: options.sims,
        signal: abort.signal,
        inspect: (event) => {
          if (event.type !== '@xstate.event' || event.event.type !== 'conversation.turn') return;
          const turn = (event.event as unknown as { turn: AgentTurn }).turn;
          if (turn.latencyMs === undefined || turn.lastMessageLatencyMs === undefined) return;
          if (turn.messages.length !== count) split++;
          const lastAt = turn.at + (turn.lastMessageLatencyMs - turn.latencyMs);
          lateness.push(turn.deliveredAt - lastAt - options.quietMs);
        },
      }),
    );
    if (summary.passed !== summary.total) {
      throw new Error(`bench: ${summary.total - summary.passed} engine simulations did not pass: ${JSON.stringify(summary.errors)}`);
    }
    return summarise(lateness, split, trafficTurns);
  } finally {
    clearTimeout(timer);
  }
}

export async function rawLateness(origin: string, options: TimersOptions): Promise<LatenessResult> {
  const { count, gapMs } = options.burst;
  const url = origin + burstPath(count, gapMs);
  const lateness: number[] = [];
  let split = 0;
  const deadline = now() + options.maxMs;
  const [, trafficTurns] = await underTraffic(origin, options.trafficClients, options.maxMs, () =>
    pool(options.sims, options.concurrency, deadline, async () => {
      const ws = await openRaw(url);
      try {
        for (let turn = 1; turn <= options.turns; turn++) {
          const messages = await new Promise<number>((resolve, reject) => {
            let received = 0;
            let lastAt = 0;
            let quiet: NodeJS.Timeout | undefined;
            const giveUp = setTimeout(() => {
              ws.off('message', onMessage);
              clearTimeout(quiet);
              reject(new Error('bench: raw coalescing client got no reply within 10 s'));
            }, 10_000);
            const onMessage = (data: Buffer) => {
              const frame = JSON.parse(data.toString()) as { type?: unknown; text?: unknown };
              if (frame.type !== 'message' || typeof frame.text !== 'string') return;
              lastAt = now();
              received++;
              clearTimeout(quiet);
              quiet = setTimeout(() => {
                lateness.push(now() - lastAt - options.quietMs);
                ws.off('message', onMessage);
                clearTimeout(giveUp);
                resolve(received);
              }, options.quietMs);
            };
            ws.on('message', onMessage);
            ws.send(JSON.stringify({ type: 'message', text: `turn ${turn}` }));
          });
          if (messages !== count) split++;
        }
      } finally {
        await closeRaw(ws);
      }
    }),
  );
  return summarise(lateness, split, trafficTurns);
}
