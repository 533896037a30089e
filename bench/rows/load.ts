/**
 * Row 9: load accuracy (README "Load testing"). `users` Parley users (`runLoad`, closed model) and as many raw
 * ws clients, in the same process at the same time, talk to an agent that answers exactly
 * `delayMs` after each message; each side's reply latency p99 minus `delayMs` is its excess. What
 * Parley adds beyond the raw client's excess is its measurement error under load.
 */
import { parseTestSet } from '../../src/index.js';
import { runLoad } from '../../src/load/run.js';
import { engineConfig } from '../engine.js';
import { RawClient } from '../raw.js';
import { now, percentileOf, sleep } from '../util.js';

export interface LoadAccuracyOptions {
  users: number;
  /** How long both sides keep talking (ms). */
  durationMs: number;
  /** Both sides start their users evenly over this long (ms), so the connection storm is spread. */
  rampMs: number;
  /** The agent's answer delay (ms). */
  delayMs: number;
  /** Turns of the one case each Parley user runs, back to back. */
  turns: number;
}

export interface LatencyFigures {
  n: number;
  p50: number;
  p99: number;
  /** p99 − delayMs. */
  excess: number;
}

export interface LoadAccuracyResult {
  users: number;
  engine: LatencyFigures;
  raw: LatencyFigures;
}

const figures = (values: number[], delayMs: number): LatencyFigures => {
  const p99 = percentileOf(values, 99);
  return { n: values.length, p50: percentileOf(values, 50), p99, excess: p99 - delayMs };
};

async function engineSide(url: string, options: LoadAccuracyOptions): Promise<number[]> {
  // A short quiet period: each turn ends 20 ms after its one message, then the next is sent.
  const config = engineConfig(url, { coalesceSeconds: 0.02, keepaliveSeconds: 0 });
  const testSet = parseTestSet({ name: 'load', cases: [{ id: 'load', turns: Array.from({ length: options.turns }, (_, i) => `turn ${i + 1}`) }] });
  const outcome = await runLoad(config, testSet, {
    model: { kind: 'users', users: options.users },
    durationMs: options.durationMs,
    rampMs: options.rampMs,
    windowMs: options.durationMs,
    graceMs: 10_000,
  });
  if (outcome.summary.error > 0) throw new Error(`bench: ${outcome.summary.error} load simulations errored: ${JSON.stringify(outcome.summary.errors)}`);
  return outcome.samples.flatMap((sample) => sample.replies.map((reply) => reply.latencyMs));
}

async function rawSide(url: string, options: LoadAccuracyOptions): Promise<number[]> {
  const latencies: number[] = [];
  const end = now() + options.durationMs;
  const user = async (index: number) => {
    await sleep(options.users <= 1 ? 0 : (options.rampMs * index) / (options.users - 1));
    const client = await RawClient.open(url);
    try {
      for (let turn = 1; now() < end; turn++) {
        const sent = now();
        await client.ask(`turn ${turn}`);
        latencies.push(now() - sent);
        // As the engine side: the next message after the same 20 ms quiet period.
        await sleep(20);
      }
    } finally {
      await client.close();
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, index) => user(index)));
  return latencies;
}

export async function loadAccuracy(url: string, options: LoadAccuracyOptions): Promise<LoadAccuracyResult> {
  const [engine, raw] = await Promise.all([engineSide(url, options), rawSide(url, options)]);
  return { users: options.users, engine: figures(engine, options.delayMs), raw: figures(raw, options.delayMs) };
}
