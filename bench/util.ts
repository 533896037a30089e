/**
 * Small helpers shared by the benchmark rows: statistics, GC and memory, machine info, bounded
 * waits. Nothing here needs `--expose-gc`: without it, memory figures are taken without a forced
 * collection and flagged `gc: false`.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import sortBy from 'lodash-es/sortBy.js';
import { percentile } from '../src/engine/summary.js';

export const now = (): number => performance.now();

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The engine's nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentileOf(values: readonly number[], p: number): number {
  return percentile(sortBy(values), p) ?? Number.NaN;
}

type GcFn = () => void;
const gcFn: GcFn | undefined = (globalThis as { gc?: GcFn }).gc;

/** Whether a full collection can be forced (`node --expose-gc`). */
export const canGc = gcFn !== undefined;

/** Forces full collections (when possible), letting finalisers and weak callbacks run in between. */
export async function collect(rounds = 3): Promise<void> {
  if (!gcFn) return;
  for (let i = 0; i < rounds; i++) {
    gcFn();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface MemorySample {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

/** Memory after forced collection (when possible). */
export async function memoryAfterGc(): Promise<MemorySample> {
  await collect();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external, arrayBuffers };
}

export interface MachineInfo {
  nproc: number;
  cpu: string;
  node: string;
  platform: string;
  totalMemMiB: number;
  /** Soft limit on open files, when it can be read (Linux). */
  openFilesLimit: number | null;
  loadAverage: number[];
}

/** The soft RLIMIT_NOFILE of this process, read from /proc (Linux); null elsewhere. */
export function openFilesLimit(): number | null {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft === undefined) return null;
    return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    return null;
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const { availableParallelism, loadavg, totalmem } = await import('node:os');
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const model = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1];
    if (model) cpu = model.trim();
  } catch {
    // not Linux: os.cpus() is good enough
  }
  return {
    nproc: availableParallelism(),
    cpu,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemMiB: Math.round(totalmem() / 2 ** 20),
    openFilesLimit: openFilesLimit(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Rejects after `ms` with `what` in the message; the timer is cleared when `promise` settles. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`bench: ${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `task(i)` for i in [0, count) with at most `parallel` in flight, in index order. Stops
 * starting new tasks once `deadline` (performance.now()) has passed; rejects on the first failure
 * after the tasks in flight settle.
 */
export async function pool<T>(count: number, parallel: number, deadline: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < count && failure === undefined && now() < deadline) {
      const i = next++;
      try {
        results[i] = await task(i);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
