/**
 * Row 3: scale. N idle conversations open at once (`connect()` N times; the agent never speaks
 * unasked, so they hold), heap and RSS per conversation after GC, against N raw ws clients; also the
 * time to open them. Each side is best measured in a fresh process (scale-child.ts), so one side's
 * grown heap and RSS never flatter the other; the smoke test calls `measureScale` in its own process.
 */
import type WebSocket from 'ws';
import { connect, type Conversation } from '../../src/index.js';
import { engineConfig } from '../engine.js';
import { FloorClient } from '../floor.js';
import { closeRaw, openRaw } from '../raw.js';
import { canGc, memoryAfterGc, now, pool, type MemorySample } from '../util.js';

export type Side = 'engine' | 'floor' | 'raw';

export interface ScaleOptions {
  side: Side;
  /** The agent's echo URL. */
  url: string;
  /** Connections to hold open at once. */
  n: number;
  /** Connections being opened at any moment. */
  parallel: number;
  /** Give up opening after this long (ms). */
  maxMs: number;
  /** The engine's keepalive (its product default is 15 s). */
  keepaliveSeconds: number;
}

export interface ScaleResult {
  side: Side;
  n: number;
  opened: number;
  /** Time to open all of them. */
  openMs: number;
  /** Time to close all of them. */
  closeMs: number;
  heapPerConn: number;
  rssPerConn: number;
  externalPerConn: number;
  before: MemorySample;
  after: MemorySample;
  gc: boolean;
}

interface Opened {
  close(): Promise<unknown>;
}

function opener(options: ScaleOptions): () => Promise<Opened> {
  if (options.side === 'raw') {
    return async () => {
      const ws: WebSocket = await openRaw(options.url);
      return { close: () => closeRaw(ws) };
    };
  }
  if (options.side === 'floor') return () => FloorClient.open(options.url);
  const config = engineConfig(options.url, { keepaliveSeconds: options.keepaliveSeconds });
  return async () => {
    const convo: Conversation = await connect(config);
    return { close: () => convo.close() };
  };
}

export async function measureScale(options: ScaleOptions): Promise<ScaleResult> {
  const open = opener(options);
  // Warm-up: load and JIT the code paths, so `before` already holds what every connection shares.
  const warm = await pool(20, 10, now() + 10_000, () => open());
  await Promise.all(warm.map((c) => c.close()));

  const before = await memoryAfterGc();
  const started = now();
  const held: Opened[] = [];
  let failure: unknown;
  try {
    await pool(options.n, options.parallel, started + options.maxMs, async () => {
      held.push(await open());
    });
  } catch (error) {
    failure = error;
  }
  const openMs = now() - started;
  const after = await memoryAfterGc();

  const closing = now();
  await pool(held.length, 1000, closing + 60_000, (i) => held[i]!.close());
  const closeMs = now() - closing;
  if (failure !== undefined && held.length === 0) throw failure;

  const opened = held.length;
  const per = (key: keyof MemorySample) => (opened === 0 ? Number.NaN : (after[key] - before[key]) / opened);
  return {
    side: options.side,
    n: options.n,
    opened,
    openMs,
    closeMs,
    heapPerConn: per('heapUsed'),
    rssPerConn: per('rss'),
    externalPerConn: per('external'),
    before,
    after,
    gc: canGc,
  };
}
