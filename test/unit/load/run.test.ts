import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAgentConfig, parseTestSet } from '../../../src/index.js';
import type { StartSimulation } from '../../../src/load/driver.js';
import { runLoad } from '../../../src/load/run.js';
import type { LoadWindow } from '../../../src/load/windows.js';
import { conversation, makeResult } from '../../helpers/results.js';

const agent = parseAgentConfig({ connection: { url: 'ws://127.0.0.1:9/ws' } });
const testSet = parseTestSet({ name: 't', cases: [{ id: 'a', turns: ['hi'] }, { id: 'b', turns: ['hi'] }] });

/** A simulation of `ms` real time whose one reply took 12.3 ms; no socket. */
const fakeStart =
  (ms: number): StartSimulation =>
  (job) => {
    const startedAt = new Date();
    return new Promise((resolve) =>
      setTimeout(() => resolve(makeResult({ caseId: job.caseId, iteration: job.iteration, startedAt: startedAt.toISOString(), durationMs: ms, transcript: conversation([['hi', 'hello']], 12.3) })), ms),
    );
  };

describe('runLoad (library)', () => {
  let dir = '';
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'parley-load-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes each result with the window it started in, reports live windows, and resolves with the summary', async () => {
    const out = join(dir, 'load.jsonl');
    const live: LoadWindow[] = [];
    const outcome = await runLoad(agent, testSet, { model: { kind: 'users', users: 2 }, durationMs: 300, windowMs: 100, graceMs: 1000, out, start: fakeStart(40), onWindow: (w) => live.push(w) });
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { caseId: string; load: { window: number } });
    expect(lines).toHaveLength(outcome.summary.total);
    expect(outcome.summary.passed).toBe(outcome.summary.total);
    expect(new Set(lines.map((line) => line.load.window))).toEqual(new Set([0, 1, 2]));
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(live[0]!.running).toBe(2);
    expect(outcome.windows[0]!.reply.p50).toBe(12.3);
  });

  it('rejects with a callback’s error once the running simulations end, instead of crashing', async () => {
    const boom = new Error('disk full');
    await expect(
      runLoad(agent, testSet, {
        model: { kind: 'users', users: 2 },
        durationMs: 5000,
        start: fakeStart(20),
        onResult: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });
});
