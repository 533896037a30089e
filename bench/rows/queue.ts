/**
 * Row 6: scale-out. The same run on a BullMQ queue with 1 and then 3 local workers (the cap
 * raised so it never binds), beside the in-process run, in simulations per second. Workers are
 * `parley worker` processes when the CLI is built next to the bench, else workers inside this
 * process (the smoke test), which measures the queue's overhead but not the spread.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { runOnQueue, runTestSet, startWorker, type ParleyWorker } from '../../src/index.js';
import { engineConfig, engineTestSet } from '../engine.js';
import { redisServerInstalled, startRedis, type TestRedis } from '../redis-server.js';
import { now, within } from '../util.js';
import { cliPath } from './cli.js';

export interface QueueRowOptions {
  sims: number;
  turns: number;
  /** The run's cap, and each worker's own concurrency. */
  cap: number;
  /** Worker counts to measure, e.g. [1, 3]. */
  workers: number[];
  maxMs: number;
}

export interface QueueRowResult {
  available: boolean;
  reason?: string;
  /** Where the workers ran. */
  workersIn?: 'processes' | 'this process';
  inProcess?: number;
  /** Worker count → sims/s. */
  queued?: Record<number, number>;
}

interface WorkerHandle {
  stop(): Promise<void>;
}

function workerProcess(cli: string, url: string, queueName: string, concurrency: number): Promise<WorkerHandle> {
  const child: ChildProcess = spawn(process.execPath, [cli, 'worker', '--queue', url, '--queue-name', queueName, '--concurrency', String(concurrency)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await within(exited, 10_000, 'a bench worker to stop').catch(() => child.kill('SIGKILL'));
  };
  let said = '';
  const ready = new Promise<WorkerHandle>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      said += chunk;
      if (said.includes('Worker ready')) resolve({ stop });
    });
    child.once('exit', (code) => reject(new Error(`bench worker exited ${code}: ${said.trim()}`)));
  });
  return within(ready, 15_000, 'a bench worker to be ready').catch(async (error: unknown) => {
    await stop();
    throw error;
  });
}

async function inProcessWorker(url: string, queueName: string, concurrency: number): Promise<WorkerHandle> {
  const worker: ParleyWorker = await startWorker({ url, queueName, concurrency });
  return { stop: () => worker.close() };
}

async function simsPerSecond(run: () => Promise<{ total: number; passed: number }>): Promise<number> {
  const started = now();
  const summary = await run();
  const ms = now() - started;
  if (summary.passed !== summary.total) throw new Error(`bench: ${summary.total - summary.passed} of ${summary.total} queued simulations did not pass`);
  return (summary.total / ms) * 1000;
}

export async function queueRow(url: string, options: QueueRowOptions): Promise<QueueRowResult> {
  if (!redisServerInstalled()) return { available: false, reason: 'skipped: no redis-server installed (apt-get install redis-server)' };
  const config = engineConfig(url, { coalesceSeconds: 0 });
  const testSet = engineTestSet(options.turns);
  const cli = cliPath();
  const inProcess = await simsPerSecond(() => runTestSet(config, testSet, { concurrency: options.cap, repeat: options.sims }));
  const redis: TestRedis = await startRedis();
  const queued: Record<number, number> = {};
  try {
    for (const count of options.workers) {
      // A queue per measurement, so nothing of the last one is left in it.
      const queueName = `bench-${count}`;
      const start = () => (cli ? workerProcess(cli, redis.url, queueName, options.cap) : inProcessWorker(redis.url, queueName, options.cap));
      const workers = await Promise.all(Array.from({ length: count }, start));
      // Too slow: the run is cancelled (so it ends, and its workers can stop) and the row fails.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), options.maxMs);
      try {
        const run = () => runOnQueue(config, testSet, { url: redis.url, queueName, concurrency: options.cap, repeat: options.sims, signal: abort.signal });
        queued[count] = await simsPerSecond(run);
        if (abort.signal.aborted) throw new Error(`bench: the queued run with ${count} worker(s) took longer than ${options.maxMs} ms`);
      } finally {
        clearTimeout(timer);
        await Promise.all(workers.map((worker) => worker.stop()));
      }
    }
  } finally {
    await redis.stop();
  }
  return { available: true, workersIn: cli ? 'processes' : 'this process', inProcess, queued };
}
