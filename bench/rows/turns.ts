/**
 * Row 1: turn throughput of one conversation (coalesce 0, keepalive off): `send()` → reply, one
 * after another, against a raw-ws request/response loop and the XState floor on the same agent.
 */
import { connect } from '../../src/index.js';
import { engineConfig } from '../engine.js';
import { FloorClient } from '../floor.js';
import { RawClient } from '../raw.js';
import { now } from '../util.js';

export interface TurnsOptions {
  /** Measured turns. */
  turns: number;
  /** Turns before the clock starts (JIT warm-up). */
  warmup: number;
  /** Stop early after this long (ms): every loop is bounded in count and time. */
  maxMs: number;
}

export interface TurnsResult {
  turns: number;
  ms: number;
  turnsPerSec: number;
}

const result = (turns: number, ms: number): TurnsResult => ({ turns, ms, turnsPerSec: (turns / ms) * 1000 });

export async function engineTurns(url: string, options: TurnsOptions): Promise<TurnsResult> {
  const convo = await connect(engineConfig(url, { coalesceSeconds: 0, keepaliveSeconds: 0 }));
  try {
    const deadline = now() + options.maxMs;
    for (let i = 0; i < options.warmup && now() < deadline; i++) await convo.send(`warm ${i}`);
    const started = now();
    let done = 0;
    for (; done < options.turns && now() < deadline; done++) {
      const text = `hello ${done}`;
      const reply = await convo.send(text);
      if (reply.text !== text) throw new Error(`bench: engine got ${JSON.stringify(reply.text)} for ${JSON.stringify(text)}`);
    }
    return result(done, now() - started);
  } finally {
    await convo.close();
  }
}

/** A request/response client: raw ws, or the XState floor. */
export interface AskClient {
  ask(text: string): Promise<string>;
  close(): Promise<void>;
}

export const rawTurns = (url: string, options: TurnsOptions) => clientTurns('raw', () => RawClient.open(url), options);
export const floorTurns = (url: string, options: TurnsOptions) => clientTurns('floor', () => FloorClient.open(url), options);

async function clientTurns(side: string, open: () => Promise<AskClient>, options: TurnsOptions): Promise<TurnsResult> {
  const client = await open();
  try {
    const deadline = now() + options.maxMs;
    for (let i = 0; i < options.warmup && now() < deadline; i++) await client.ask(`warm ${i}`);
    const started = now();
    let done = 0;
    for (; done < options.turns && now() < deadline; done++) {
      const text = `hello ${done}`;
      const reply = await client.ask(text);
      if (reply !== text) throw new Error(`bench: ${side} got ${JSON.stringify(reply)} for ${JSON.stringify(text)}`);
    }
    return result(done, now() - started);
  } finally {
    await client.close();
  }
}
