/**
 * Row 2: run throughput. `runTestSet` with `sims` simulations of one 3-turn case at concurrency 8
 * (coalesce 0), against raw ws (and the XState floor) with 8 workers each doing connect, 3 round
 * trips, close.
 */
import { runTestSet } from '../../src/index.js';
import { engineConfig, engineTestSet } from '../engine.js';
import { FloorClient } from '../floor.js';
import { RawClient } from '../raw.js';
import type { AskClient } from './turns.js';
import { now, pool } from '../util.js';

export interface RunsOptions {
  sims: number;
  turns: number;
  concurrency: number;
  maxMs: number;
}

export interface RunsResult {
  sims: number;
  passed: number;
  ms: number;
  simsPerSec: number;
}

export async function engineRuns(url: string, options: RunsOptions): Promise<RunsResult> {
  const config = engineConfig(url, { coalesceSeconds: 0 });
  const testSet = engineTestSet(options.turns);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.maxMs);
  try {
    const started = now();
    const summary = await runTestSet(config, testSet, { concurrency: options.concurrency, repeat: options.sims, signal: abort.signal });
    const ms = now() - started;
    if (summary.passed !== summary.total) {
      throw new Error(`bench: ${summary.total - summary.passed} of ${summary.total} engine simulations did not pass: ${JSON.stringify(summary.errors)}`);
    }
    return { sims: summary.total, passed: summary.passed, ms, simsPerSec: (summary.total / ms) * 1000 };
  } finally {
    clearTimeout(timer);
  }
}

export const rawRuns = (url: string, options: RunsOptions) => clientRuns('raw', () => RawClient.open(url), options);
export const floorRuns = (url: string, options: RunsOptions) => clientRuns('floor', () => FloorClient.open(url), options);

async function clientRuns(side: string, open: () => Promise<AskClient>, options: RunsOptions): Promise<RunsResult> {
  const started = now();
  const results = await pool(options.sims, options.concurrency, started + options.maxMs, async () => {
    const client = await open();
    try {
      for (let turn = 1; turn <= options.turns; turn++) {
        const text = `turn ${turn}`;
        const reply = await client.ask(text);
        if (!reply.includes(text)) return false;
      }
      return true;
    } finally {
      await client.close();
    }
  });
  const ms = now() - started;
  const passed = results.filter(Boolean).length;
  if (passed !== results.length) throw new Error(`bench: ${results.length - passed} ${side} simulations got a wrong reply`);
  return { sims: results.length, passed, ms, simsPerSec: (results.length / ms) * 1000 };
}
