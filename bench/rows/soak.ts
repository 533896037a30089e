/**
 * Row 11: soak (issue 23). N conversations open at once, each sending one message per tick for the
 * duration and waiting for its reply before the next: every reply's latency, every lost reply, the
 * process's peak RSS and heap (sampled each second) and its CPU. Phase-spread: conversation i
 * starts i/N of a tick in, so the sends are even over each tick, not a thundering herd. A reply
 * slower than the tick makes the next send go right after it (a late tick), never a catch-up burst.
 * Each side runs in a fresh process (soak-child.ts) so the RSS is its own.
 */
import { connect } from '../../src/index.js';
import { benchEntry, inChild } from '../child.js';
import { engineConfig } from '../engine.js';
import { RawClient } from '../raw.js';
import { now, percentileOf, pool, sleep, within } from '../util.js';

export type SoakSide = 'engine' | 'raw';

export interface SoakSettings {
  /** Conversations open at once. */
  n: number;
  /** Conversations being opened at any moment. */
  parallel: number;
  /** Give up opening after this long (ms). */
  openMaxMs: number;
  /** Each conversation sends one message per tick (ms). */
  tickMs: number;
  /** How long the conversations keep sending (ms). */
  durationMs: number;
  /** A reply not back within this long (ms) is lost, and its conversation stops sending. */
  replyTimeoutMs: number;
}

export interface SoakOptions extends SoakSettings {
  side: SoakSide;
  /** The agent's echo URL. */
  url: string;
}

export interface SoakResult {
  side: SoakSide;
  n: number;
  opened: number;
  openMs: number;
  sent: number;
  /** Replies that came back with the text sent. */
  replies: number;
  /** Replies that carried a latency. */
  measured: number;
  /** sent − replies. */
  lost: number;
  /** Sends that went right after a reply slower than the tick, not on their tick. */
  late: number;
  /** Reply latency (ms, 0.1 ms resolution). */
  p50: number;
  p99: number;
  max: number;
  /** Peak of process.memoryUsage() sampled each second, from before the first open to after the last close. */
  peakRss: number;
  peakHeapUsed: number;
  memorySamples: number;
  /** CPU (user + system) this process used while the conversations were sending. */
  cpuMs: number;
  cpuUsPerMessage: number;
  soakMs: number;
  closeMs: number;
  errors: number;
  /** The first few error messages. */
  errorSamples: string[];
}

/** What both sides do: send a text, resolve with the reply's latency (ms; NaN when not measured). */
interface SoakClient {
  ask(text: string): Promise<number>;
  close(): Promise<unknown>;
}

const tenth = (ms: number) => Math.round(ms * 10) / 10;

function opener(options: SoakOptions): () => Promise<SoakClient> {
  if (options.side === 'raw') {
    return async () => {
      const client = await RawClient.open(options.url);
      return {
        ask: async (text) => {
          const sent = now();
          const reply = await client.ask(text);
          if (reply !== text) throw new Error(`bench: raw got ${JSON.stringify(reply)} for ${JSON.stringify(text)}`);
          return tenth(now() - sent);
        },
        close: () => client.close(),
      };
    };
  }
  // Coalesce 0 (each message is its own reply), keepalive the product default.
  const config = engineConfig(options.url);
  return async () => {
    const convo = await connect(config);
    return {
      ask: async (text) => {
        const turn = await convo.send(text);
        if (turn.timedOut) throw new Error(`bench: engine reply to ${JSON.stringify(text)} timed out`);
        if (turn.text !== text) throw new Error(`bench: engine got ${JSON.stringify(turn.text)} for ${JSON.stringify(text)}`);
        return turn.latencyMs === undefined ? Number.NaN : tenth(turn.latencyMs);
      },
      close: () => convo.close(),
    };
  };
}

/** Counts, latencies and errors of one side. */
class Tally {
  sent = 0;
  late = 0;
  readonly latencies: number[] = [];
  replies = 0;
  errors = 0;
  readonly errorSamples: string[] = [];

  fail(error: unknown): void {
    this.errors++;
    if (this.errorSamples.length < 5) this.errorSamples.push(error instanceof Error ? error.message : String(error));
  }
}

/** Peak RSS and heap, sampled every second (and on demand) until stopped. */
function memoryPeaks() {
  const peak = { rss: 0, heapUsed: 0, samples: 0 };
  const take = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
    peak.samples++;
  };
  take();
  const timer = setInterval(take, 1_000);
  return {
    take,
    stop: () => {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

/** Conversation `index`'s sends, one per tick from its phase until `end`; stops at its first error. */
async function converse(client: SoakClient, index: number, options: SoakOptions, start: number, tally: Tally): Promise<void> {
  const end = start + options.durationMs;
  let due = start + (index * options.tickMs) / options.n;
  for (let k = 0; due < end; k++) {
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    tally.sent++;
    try {
      const latency = await within(client.ask(`c${index} m${k}`), options.replyTimeoutMs, `conversation ${index}'s reply ${k}`);
      tally.replies++;
      if (Number.isFinite(latency)) tally.latencies.push(latency);
    } catch (error) {
      tally.fail(error);
      return;
    }
    due += options.tickMs;
    if (now() > due) {
      due = now();
      if (due < end) tally.late++;
    }
  }
}

async function openAll(options: SoakOptions, tally: Tally): Promise<SoakClient[]> {
  const open = opener(options);
  const held: SoakClient[] = [];
  try {
    await pool(options.n, options.parallel, now() + options.openMaxMs, async () => {
      held.push(await open());
    });
  } catch (error) {
    tally.fail(error);
  }
  return held;
}

export async function measureSoak(options: SoakOptions): Promise<SoakResult> {
  const tally = new Tally();
  const memory = memoryPeaks();
  const opening = now();
  const held = await openAll(options, tally);
  const openMs = now() - opening;
  memory.take();

  const cpuBefore = process.cpuUsage();
  const start = now();
  // Phases spread over the conversations that opened, should fewer than n have.
  const phased = { ...options, n: held.length };
  await Promise.all(held.map((client, index) => converse(client, index, phased, start, tally)));
  const soakMs = now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  memory.take();

  const closing = now();
  const closed = await Promise.allSettled(held.map((client) => within(client.close(), 10_000, 'closing a conversation')));
  for (const outcome of closed) if (outcome.status === 'rejected') tally.fail(outcome.reason);
  const closeMs = now() - closing;
  const peak = memory.stop();
  if (held.length === 0) throw new Error(`bench: no ${options.side} conversation opened: ${tally.errorSamples.join('; ')}`);

  const cpuMs = (cpu.user + cpu.system) / 1000;
  const { latencies } = tally;
  return {
    side: options.side,
    n: options.n,
    opened: held.length,
    openMs,
    sent: tally.sent,
    replies: tally.replies,
    measured: latencies.length,
    lost: tally.sent - tally.replies,
    late: tally.late,
    p50: percentileOf(latencies, 50),
    p99: percentileOf(latencies, 99),
    max: latencies.length === 0 ? Number.NaN : latencies.reduce((a, b) => Math.max(a, b)),
    peakRss: peak.rss,
    peakHeapUsed: peak.heapUsed,
    memorySamples: peak.samples,
    cpuMs,
    cpuUsPerMessage: tally.sent === 0 ? Number.NaN : (cpuMs * 1000) / tally.sent,
    soakMs,
    closeMs,
    errors: tally.errors,
    errorSamples: tally.errorSamples,
  };
}

export const soakChildPath = (): string | null => benchEntry('soak-child.js');

/** One side in a fresh child process when the compiled bench is there, else in this process. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const path = soakChildPath();
  if (!path) return measureSoak(options);
  // Opening, sending, every reply's own bound, closing (10 s), and a minute to spare.
  const timeoutMs = options.openMaxMs + options.durationMs + options.replyTimeoutMs + 70_000;
  return inChild<SoakOptions, SoakResult>(path, options, timeoutMs, `the ${options.side} soak child`);
}
