/**
 * The benchmark: five rows, each measured beside a raw-ws baseline doing the same work against the
 * same loopback agent, in the same run; row 6, runs on a queue beside an in-process run; row 7,
 * the engine against itself (quiet period vs `turnEndTypes`); row 8, the XState floor (bench/floor.ts)
 * that rows 1–3 also measured. `runBench` is what `npm run bench`
 * (run.ts) and the smoke test call; only the sizes differ.
 */
import { readFileSync } from 'node:fs';
import { delayPath, echoPath, startBenchAgent, type BenchAgent } from './agent.js';
import { cliColdStart } from './rows/cli.js';
import { loadAccuracy, type LoadAccuracyOptions, type LoadAccuracyResult } from './rows/load.js';
import { queueRow } from './rows/queue.js';
import { engineRuns, floorRuns, rawRuns } from './rows/runs.js';
import { runScale, scaleChildPath } from './rows/scale-runner.js';
import type { ScaleResult } from './rows/scale.js';
import { runSoak, soakChildPath, type SoakResult, type SoakSettings } from './rows/soak.js';
import { engineLateness, rawLateness, type LatenessResult } from './rows/timers.js';
import { engineTurns, floorTurns, rawTurns } from './rows/turns.js';
import { turnEndRow, type TurnEndOptions } from './rows/turn-end.js';
import { canGc, machineInfo, median, now, openFilesLimit, percentileOf, round, type MachineInfo } from './util.js';

export interface BenchSettings {
  /** Rows to run (1–8; row 8, the control, shows the XState floor rows 1–3 measured). */
  rows: number[];
  /** Repetitions of rows 1–4; each repetition measures the engine and its baseline back to back. */
  repeats: number;
  /** Repetitions of row 3 (10,000 connections are slow to open). */
  scaleRepeats: number;
  agent: 'child-process' | 'in-process';
  turns: { turns: number; warmup: number; maxMs: number };
  runs: { sims: number; turns: number; concurrency: number; maxMs: number };
  scale: { n: number; parallel: number; maxMs: number; keepaliveSeconds: number };
  timers: { sims: number; turns: number; concurrency: number; quietMs: number; burst: { count: number; gapMs: number }; trafficClients: number; maxMs: number };
  cli: { runs: number };
  queue: { sims: number; turns: number; cap: number; workers: number[]; maxMs: number };
  /** Row 6: quiet period only vs turnEndTypes against the burst demo agent. */
  turnEnd: TurnEndOptions;
  /** Row 9: load accuracy at each of `users`, with the excess each may have over raw ws (ms). */
  load: Omit<LoadAccuracyOptions, 'users'> & { users: Array<{ users: number; targetMs: number }> };
  /** Row 11: n conversations each sending a message per tick for the duration, engine then raw ws. */
  soak: SoakSettings;
  /** Progress lines (stderr in run.ts). */
  log: (line: string) => void;
}

export const FULL: Omit<BenchSettings, 'log'> = {
  rows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 11],
  repeats: 3,
  scaleRepeats: 1,
  agent: 'child-process',
  turns: { turns: 10_000, warmup: 1_000, maxMs: 20_000 },
  runs: { sims: 2_000, turns: 3, concurrency: 8, maxMs: 60_000 },
  scale: { n: 10_000, parallel: 200, maxMs: 90_000, keepaliveSeconds: 15 },
  timers: { sims: 120, turns: 3, concurrency: 8, quietMs: 50, burst: { count: 3, gapMs: 10 }, trafficClients: 2, maxMs: 30_000 },
  cli: { runs: 5 },
  queue: { sims: 600, turns: 3, cap: 24, workers: [1, 3], maxMs: 60_000 },
  turnEnd: { cases: 4, turns: 3, coalesceSeconds: 2, maxMs: 60_000 },
  load: { users: [{ users: 100, targetMs: 5 }, { users: 400, targetMs: 20 }], durationMs: 15_000, rampMs: 2_000, delayMs: 100, turns: 5 },
  soak: { n: 1_000, parallel: 100, openMaxMs: 60_000, tickMs: 1_000, durationMs: 60_000, replyTimeoutMs: 10_000 },
};

/** A smoke-sized run: every row and code path, a few seconds in all. */
export const SMOKE: Omit<BenchSettings, 'log'> = {
  rows: [1, 2, 3, 4, 5, 6, 7, 8],
  repeats: 1,
  scaleRepeats: 1,
  agent: 'in-process',
  turns: { turns: 50, warmup: 10, maxMs: 5_000 },
  runs: { sims: 10, turns: 3, concurrency: 8, maxMs: 5_000 },
  scale: { n: 40, parallel: 20, maxMs: 5_000, keepaliveSeconds: 15 },
  timers: { sims: 8, turns: 2, concurrency: 8, quietMs: 30, burst: { count: 2, gapMs: 5 }, trafficClients: 1, maxMs: 5_000 },
  cli: { runs: 1 },
  queue: { sims: 12, turns: 2, cap: 4, workers: [1, 3], maxMs: 20_000 },
  turnEnd: { cases: 2, turns: 2, coalesceSeconds: 0.5, maxMs: 10_000 },
  load: { users: [{ users: 4, targetMs: 5 }], durationMs: 600, rampMs: 100, delayMs: 100, turns: 2 },
  soak: { n: 20, parallel: 10, openMaxMs: 5_000, tickMs: 500, durationMs: 1_500, replyTimeoutMs: 2_000 },
};

export interface RowResult {
  row: number;
  what: string;
  engine: string;
  baseline: string;
  /** engine ÷ baseline (for row 3: heap per connection; row 4: p99; row 5: the one-case run). */
  ratio: number | null;
  /** The same work on the leanest XState design (bench/floor.ts), and its ratio to the baseline (rows 1–3). */
  floor?: { figure: string; ratio: number };
  /**
   * Client CPU per turn or per simulation (µs), rows 1–2: steadier than wall time on a shared
   * machine, so each target's status also gives the ratio it implies (raw CPU ÷ side's CPU).
   */
  cpuUs?: { engine: number; floor: number; raw: number };
  target: string;
  /** null: nothing to meet (row 5), or the row could not run. */
  met: boolean | null;
  notes: string[];
  /** Every measured figure, per repetition. */
  data: unknown;
  error?: string;
}

export interface BenchReport {
  startedAt: string;
  durationMs: number;
  command: string;
  machine: MachineInfo;
  gc: boolean;
  agent: BenchAgent['where'];
  settings: Omit<BenchSettings, 'log'>;
  rows: RowResult[];
}

const fmt = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

/** `work`'s result and the CPU time (user + system, ms) this process spent while it ran. */
async function withCpu<T>(work: () => Promise<T>): Promise<T & { cpuMs: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { ...result, cpuMs: (used.user + used.system) / 1000 };
}

/** Alternates which side goes first, so drift in the machine's load does not always favour one. */
async function pair<E, R>(rep: number, engine: () => Promise<E>, raw: () => Promise<R>): Promise<[E, R]> {
  if (rep % 2 === 0) {
    const e = await engine();
    return [e, await raw()];
  }
  const r = await raw();
  return [await engine(), r];
}

/** A figure for each side of a row: the engine, the XState floor and raw ws. */
type Sides<T> = { engine: T; floor: T; raw: T };

/** Engine, XState floor and raw ws back to back, in an order that rotates with `rep`. */
async function trio<T>(rep: number, sides: Sides<() => Promise<T>>): Promise<Sides<T>> {
  const order = (['engine', 'floor', 'raw'] as const).map((_, i, all) => all[(i + rep) % all.length]!);
  const out: Partial<Sides<T>> = {};
  for (const side of order) out[side] = await sides[side]();
  return out as Sides<T>;
}

async function withAgent<T>(settings: BenchSettings, work: (agent: BenchAgent) => Promise<T>): Promise<T> {
  const agent = await startBenchAgent(settings.agent);
  try {
    return await work(agent);
  } finally {
    await agent.close();
  }
}

/** One repetition of a throughput row (1, 2): each side's rate, both ratios to raw ws, CPU per unit. */
interface ThroughputRep extends Sides<number> {
  ratio: number;
  floorRatio: number;
  engineCpuUs: number;
  floorCpuUs: number;
  rawCpuUs: number;
}

function throughputRep(rate: Sides<number>, cpuUs: Sides<number>): ThroughputRep {
  return { ...rate, ratio: rate.engine / rate.raw, floorRatio: rate.floor / rate.raw, engineCpuUs: cpuUs.engine, floorCpuUs: cpuUs.floor, rawCpuUs: cpuUs.raw };
}

/** What a throughput row reports: medians over its repetitions, `unit` after each rate. */
function throughputFigures(reps: ThroughputRep[], unit: string, cpuDigits: number) {
  const m = (pick: (r: ThroughputRep) => number) => median(reps.map(pick));
  const cpuUs = { engine: m((r) => r.engineCpuUs), floor: m((r) => r.floorCpuUs), raw: m((r) => r.rawCpuUs) };
  return {
    engine: `${fmt(m((r) => r.engine))} ${unit}`,
    baseline: `${fmt(m((r) => r.raw))} ${unit}`,
    ratio: m((r) => r.ratio),
    floor: { figure: `${fmt(m((r) => r.floor))} ${unit}`, ratio: m((r) => r.floorRatio) },
    cpuUs,
    cpuNote: `engine ${fmt(cpuUs.engine, cpuDigits)} µs, XState floor ${fmt(cpuUs.floor, cpuDigits)} µs, raw ${fmt(cpuUs.raw, cpuDigits)} µs`,
  };
}

async function row1(settings: BenchSettings): Promise<RowResult> {
  const reps: Array<ThroughputRep & { engineTurns: number; rawTurns: number }> = [];
  await withAgent(settings, async (agent) => {
    const url = agent.origin + echoPath;
    for (let rep = 0; rep < settings.repeats; rep++) {
      const { engine: e, floor: f, raw: r } = await trio(rep, {
        engine: () => withCpu(() => engineTurns(url, settings.turns)),
        floor: () => withCpu(() => floorTurns(url, settings.turns)),
        raw: () => withCpu(() => rawTurns(url, settings.turns)),
      });
      // CPU per turn (warm-up included): steadier than wall time on a shared machine.
      const cpuUs = (x: { cpuMs: number; turns: number }) => (x.cpuMs * 1000) / (x.turns + settings.turns.warmup);
      reps.push({
        ...throughputRep({ engine: e.turnsPerSec, floor: f.turnsPerSec, raw: r.turnsPerSec }, { engine: cpuUs(e), floor: cpuUs(f), raw: cpuUs(r) }),
        engineTurns: e.turns,
        rawTurns: r.turns,
      });
      settings.log(
        `row 1 rep ${rep + 1}: engine ${fmt(e.turnsPerSec)} turns/s, floor ${fmt(f.turnsPerSec)}, raw ${fmt(r.turnsPerSec)} (${round(e.turnsPerSec / r.turnsPerSec)}×, floor ${round(f.turnsPerSec / r.turnsPerSec)}×)`,
      );
    }
  });
  const { cpuNote, ...figures } = throughputFigures(reps, 'turns/s', 1);
  return {
    row: 1,
    what: 'turn throughput, 1 conversation (coalesce 0, keepalive off)',
    ...figures,
    target: '≥ 0.75×',
    met: figures.ratio >= 0.75,
    notes: [
      `${reps[0]?.engineTurns ?? 0} sequential send()→reply turns per repetition; ratio = median of per-repetition ratios`,
      `client CPU per turn (user + system): ${cpuNote}`,
    ],
    data: reps,
  };
}

async function row2(settings: BenchSettings): Promise<RowResult> {
  const reps: Array<ThroughputRep & { engineMs: number; rawMs: number }> = [];
  for (let rep = 0; rep < settings.repeats; rep++) {
    // A fresh agent (and port) per repetition: thousands of closed connections per run sit in TIME_WAIT.
    await withAgent(settings, async (agent) => {
      const url = agent.origin + echoPath;
      const { engine: e, floor: f, raw: r } = await trio(rep, {
        engine: () => withCpu(() => engineRuns(url, settings.runs)),
        floor: () => withCpu(() => floorRuns(url, settings.runs)),
        raw: () => withCpu(() => rawRuns(url, settings.runs)),
      });
      const cpuUs = (x: { cpuMs: number; sims: number }) => (x.cpuMs * 1000) / x.sims;
      reps.push({
        ...throughputRep({ engine: e.simsPerSec, floor: f.simsPerSec, raw: r.simsPerSec }, { engine: cpuUs(e), floor: cpuUs(f), raw: cpuUs(r) }),
        engineMs: e.ms,
        rawMs: r.ms,
      });
      settings.log(
        `row 2 rep ${rep + 1}: engine ${fmt(e.simsPerSec)} sims/s (${fmt(e.ms)} ms), floor ${fmt(f.simsPerSec)}, raw ${fmt(r.simsPerSec)} (${fmt(r.ms)} ms) (${round(e.simsPerSec / r.simsPerSec)}×, floor ${round(f.simsPerSec / r.simsPerSec)}×)`,
      );
    });
  }
  const { sims, turns, concurrency } = settings.runs;
  const { cpuNote, ...figures } = throughputFigures(reps, 'sims/s', 0);
  return {
    row: 2,
    what: `run throughput, ${fmt(sims)} sims × ${turns} turns at concurrency ${concurrency}`,
    ...figures,
    target: '≥ 0.6×',
    met: figures.ratio >= 0.6,
    notes: [
      `engine: runTestSet (coalesce 0, keepalive 15 s); raw and XState floor: ${concurrency} workers each doing connect, ${turns} round trips, close`,
      `client CPU per simulation: ${cpuNote}`,
    ],
    data: reps,
  };
}

/**
 * The largest N the open-file and ephemeral-port limits allow. Clients and agent run in separate
 * processes (N sockets each) when the compiled bench is there; otherwise one process holds 2N.
 */
function feasibleScale(wanted: number, socketsPerConnection: number): { n: number; why: string | null } {
  const fdLimit = openFilesLimit();
  let ports = Number.POSITIVE_INFINITY;
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && high !== undefined) ports = high - low + 1;
  } catch {
    // not Linux
  }
  const margin = 256;
  const byFd = fdLimit === null ? Number.POSITIVE_INFINITY : Math.floor((fdLimit - margin) / socketsPerConnection);
  const byPorts = ports - margin;
  const n = Math.max(1, Math.min(wanted, byFd, byPorts));
  if (n === wanted) return { n, why: null };
  return {
    n,
    why: `N lowered from ${wanted} to ${n}: ${n === byFd ? `open-file limit ${fdLimit} per process (ulimit -n), ${socketsPerConnection} socket(s) per connection in one process` : `${ports} ephemeral ports`}`,
  };
}

async function row3(settings: BenchSettings): Promise<RowResult> {
  const together = settings.agent === 'in-process' && !scaleChildPath();
  const { n, why } = feasibleScale(settings.scale.n, together ? 2 : 1);
  const reps: Array<{ engine: ScaleResult; floor: ScaleResult; raw: ScaleResult; ratio: number; floorRatio: number }> = [];
  const timeout = settings.scale.maxMs + 120_000;
  for (let rep = 0; rep < settings.scaleRepeats; rep++) {
    // A fresh agent per side: 10,000 sockets each, and nothing left in TIME_WAIT on the next one's port.
    const one = (side: 'engine' | 'floor' | 'raw') =>
      withAgent(settings, async (agent) => {
        const result = await runScale({ side, url: agent.origin + echoPath, n, parallel: settings.scale.parallel, maxMs: settings.scale.maxMs, keepaliveSeconds: settings.scale.keepaliveSeconds }, timeout);
        const atAgent = await agent.connections();
        settings.log(
          `row 3 rep ${rep + 1} ${side}: ${result.opened}/${n} open in ${fmt(result.openMs)} ms (agent saw ${atAgent} after close), heap ${kib(result.heapPerConn)}/conn, rss ${kib(result.rssPerConn)}/conn, closed in ${fmt(result.closeMs)} ms`,
        );
        return result;
      });
    const { engine: e, floor: f, raw: r } = await trio(rep, { engine: () => one('engine'), floor: () => one('floor'), raw: () => one('raw') });
    reps.push({ engine: e, floor: f, raw: r, ratio: e.heapPerConn / r.heapPerConn, floorRatio: f.heapPerConn / r.heapPerConn });
  }
  const m = (pick: (r: (typeof reps)[number]) => number) => median(reps.map(pick));
  const ratio = m((r) => r.ratio);
  const opened = Math.min(...reps.map((r) => Math.min(r.engine.opened, r.floor.opened, r.raw.opened)));
  const notes = [
    `RSS per connection: engine ${kib(m((r) => r.engine.rssPerConn))}, raw ${kib(m((r) => r.raw.rssPerConn))}`,
    `external (Buffers) per connection: engine ${kib(m((r) => r.engine.externalPerConn))}, raw ${kib(m((r) => r.raw.externalPerConn))}`,
    `time to open ${fmt(n)} (${settings.scale.parallel} opening at a time): engine ${fmt(m((r) => r.engine.openMs))} ms, raw ${fmt(m((r) => r.raw.openMs))} ms`,
    `engine: connect() × N, keepalive ${settings.scale.keepaliveSeconds} s; ${scaleChildPath() ? 'each side in a fresh process' : 'both sides in the bench process'}${reps[0]?.engine.gc ? ', forced GC' : ', no forced GC'}; agent ${settings.agent}`,
  ];
  if (why) notes.push(why);
  if (opened < n) notes.push(`only ${opened} of ${n} connections opened`);
  return {
    row: 3,
    what: `scale: ${fmt(n)} idle conversations, heap/conn after GC`,
    engine: kib(m((r) => r.engine.heapPerConn)),
    baseline: kib(m((r) => r.raw.heapPerConn)),
    ratio,
    floor: { figure: kib(m((r) => r.floor.heapPerConn)), ratio: m((r) => r.floorRatio) },
    target: '≤ 3.5×',
    met: opened === n ? ratio <= 3.5 : null,
    notes,
    data: reps,
  };
}

async function row4(settings: BenchSettings): Promise<RowResult> {
  const reps: Array<{ engine: LatenessResult; raw: LatenessResult }> = [];
  await withAgent(settings, async (agent) => {
    for (let rep = 0; rep < settings.repeats; rep++) {
      const [e, r] = await pair(rep, () => engineLateness(agent.origin, settings.timers), () => rawLateness(agent.origin, settings.timers));
      reps.push({ engine: e, raw: r });
      settings.log(
        `row 4 rep ${rep + 1}: engine p50 ${round(e.p50)} p99 ${round(e.p99)} max ${round(e.max)} ms (${e.samples} replies, ${e.split} split); raw p50 ${round(r.p50)} p99 ${round(r.p99)} max ${round(r.max)} ms`,
      );
    }
  });
  const m = (pick: (r: { engine: LatenessResult; raw: LatenessResult }) => number) => median(reps.map(pick));
  const p99 = m((r) => r.engine.p99);
  const pooled = (side: 'engine' | 'raw') => percentileOf(reps.flatMap((r) => r[side].values), 99);
  const t = settings.timers;
  return {
    row: 4,
    what: `coalesce lateness, ${t.concurrency} sims under traffic`,
    engine: `p50 ${fmt(m((r) => r.engine.p50), 2)} / p99 ${fmt(p99, 2)} ms`,
    baseline: `p50 ${fmt(m((r) => r.raw.p50), 2)} / p99 ${fmt(m((r) => r.raw.p99), 2)} ms`,
    ratio: p99 / m((r) => r.raw.p99),
    target: 'p99 ≤ 5 ms',
    met: p99 <= 5,
    notes: [
      `quiet period ${t.quietMs} ms; each reply ${t.burst.count} messages ${t.burst.gapMs} ms apart; ${t.sims} sims × ${t.turns} turns; traffic: ${t.trafficClients} raw echo loops in the same process; baseline: raw ws + setTimeout debounce`,
      `p99 over all ${reps.reduce((s, r) => s + r.engine.samples, 0)} replies pooled: engine ${fmt(pooled('engine'), 2)} ms, raw ${fmt(pooled('raw'), 2)} ms; max: engine ${fmt(m((r) => r.engine.max), 2)} ms, raw ${fmt(m((r) => r.raw.max), 2)} ms; split replies: engine ${reps.reduce((s, r) => s + r.engine.split, 0)}, raw ${reps.reduce((s, r) => s + r.raw.split, 0)}`,
    ],
    data: reps,
  };
}

async function row5(settings: BenchSettings): Promise<RowResult> {
  const result = await withAgent(settings, (agent) => cliColdStart({ origin: agent.origin, runs: settings.cli.runs }));
  const baseline = `node -e 0: ${fmt(result.nodeMs)} ms; raw-ws script: ${fmt(result.rawRunMs)} ms`;
  if (!result.available) {
    return { row: 5, what: 'CLI cold start', engine: 'n/a', baseline, ratio: null, target: 'report ms', met: null, notes: [`n/a: ${result.reason}`], data: result };
  }
  const notes = [`parley --version ${fmt(result.versionMs ?? Number.NaN)} ms vs bare node ${fmt(result.nodeMs)} ms; one-case run (1 turn, coalesce 0) vs a raw-ws script doing the same round trip`];
  if (result.reason) notes.push(result.reason);
  return {
    row: 5,
    what: 'CLI cold start: --version; one-case run',
    engine: `${fmt(result.versionMs ?? Number.NaN)} ms; ${fmt(result.runMs ?? Number.NaN)} ms`,
    baseline,
    ratio: (result.runMs ?? Number.NaN) / result.rawRunMs,
    target: 'report ms',
    met: null,
    notes,
    data: result,
  };
}

async function row6(settings: BenchSettings): Promise<RowResult> {
  const q = settings.queue;
  const what = `scale-out: ${fmt(q.sims)} sims × ${q.turns} turns on a queue, cap ${q.cap}`;
  const result = await withAgent(settings, (agent) => queueRow(agent.origin + echoPath, q));
  if (!result.available) {
    settings.log(`row 6: ${result.reason}`);
    return { row: 6, what, engine: 'n/a', baseline: 'n/a', ratio: null, target: 'report', met: null, notes: [result.reason ?? 'skipped'], data: result };
  }
  const queued = result.queued ?? {};
  const counts = q.workers.filter((count) => queued[count] !== undefined);
  const most = counts.at(-1);
  settings.log(`row 6: ${counts.map((count) => `${count} worker(s) ${fmt(queued[count]!)} sims/s`).join(', ')}; in-process ${fmt(result.inProcess ?? Number.NaN)} sims/s`);
  return {
    row: 6,
    what,
    engine: counts.map((count) => `${count} worker${count === 1 ? '' : 's'}: ${fmt(queued[count]!)} sims/s`).join('; '),
    baseline: `in-process run: ${fmt(result.inProcess ?? Number.NaN)} sims/s`,
    ratio: most === undefined ? null : queued[most]! / (result.inProcess ?? Number.NaN),
    target: 'report',
    met: null,
    notes: [
      `baseline here is Parley's own in-process run (runTestSet, concurrency ${q.cap}), not raw ws; ratio = ${most ?? '?'} workers ÷ in-process`,
      `workers: ${result.workersIn === 'processes' ? 'parley worker processes' : 'in the bench process (CLI not built next to the bench)'}, each --concurrency ${q.cap}; a private redis-server on 127.0.0.1; agent ${settings.agent}`,
    ],
    data: result,
  };
}

async function row7(settings: BenchSettings): Promise<RowResult> {
  const reps: Awaited<ReturnType<typeof turnEndRow>>[] = [];
  for (let rep = 0; rep < settings.repeats; rep++) {
    const result = await turnEndRow(settings.turnEnd);
    reps.push(result);
    settings.log(
      `row 7 rep ${rep + 1}: quiet period ${fmt(result.quietMs)} ms, turnEndTypes ${fmt(result.turnEndMs)} ms (${round(result.speedup)}× faster), transcripts ${result.identical ? 'identical' : 'DIFFERENT'}`,
    );
  }
  const t = settings.turnEnd;
  const speedup = median(reps.map((r) => r.speedup));
  const identical = reps.every((r) => r.identical);
  const met = speedup >= 3 && identical;
  settings.log(`row 7: ${met ? 'met' : 'NOT met'} (${round(speedup)}× faster, target ≥ 3×; transcripts ${identical ? 'identical' : 'different'})`);
  return {
    row: 7,
    what: `turnEndTypes vs quiet period, ${t.cases} cases × ${t.turns} turns, coalesce ${t.coalesceSeconds} s`,
    engine: `${fmt(median(reps.map((r) => r.turnEndMs)))} ms with turnEndTypes`,
    baseline: `${fmt(median(reps.map((r) => r.quietMs)))} ms quiet period only`,
    ratio: speedup,
    target: '≥ 3× faster, same transcripts',
    met,
    notes: [
      `burst demo agent (ack, typing, a burst 150 ms apart, typing_stopped); turnEndTypes: [typing_stopped]; ratio = quiet-period wall time ÷ turnEndTypes wall time; transcripts ${identical ? 'identical' : 'DIFFERENT'} in every repetition; passed: ${reps.map((r) => `${r.passed.quiet}/${r.passed.turnEnd}`).join(', ')} of ${t.cases}`,
    ],
    data: reps,
  };
}

/** Row 9: Parley's reply latency p99 under load beside raw ws clients' in the same run (README "Load testing"). */
async function row9(settings: BenchSettings): Promise<RowResult> {
  const l = settings.load;
  const results: Array<LoadAccuracyResult & { targetMs: number }> = [];
  await withAgent(settings, async (agent) => {
    for (const { users, targetMs } of l.users) {
      const result = await loadAccuracy(agent.origin + delayPath(l.delayMs), { ...l, users });
      results.push({ ...result, targetMs });
      const { engine: e, raw: r } = result;
      settings.log(`row 9 at ${users} users: engine p50 ${round(e.p50)} p99 ${round(e.p99)} ms (${e.n} replies); raw p50 ${round(r.p50)} p99 ${round(r.p99)} ms (${r.n} replies); excess over raw ${round(e.p99 - r.p99)} ms (target ≤ ${targetMs})`);
    }
  });
  const over = (r: LoadAccuracyResult) => r.engine.p99 - r.raw.p99;
  const at = (pick: (r: LoadAccuracyResult & { targetMs: number }) => string) => results.map(pick).join('; ');
  return {
    row: 9,
    what: `load accuracy: ${l.delayMs} ms agent, ${l.users.map((u) => u.users).join(' / ')} users`,
    engine: at((r) => `${r.users}: p99 excess ${fmt(r.engine.excess, 1)} ms`),
    baseline: at((r) => `${r.users}: p99 excess ${fmt(r.raw.excess, 1)} ms`),
    ratio: null,
    target: at((r) => `${r.users}: ≤ +${r.targetMs} ms over raw`),
    met: results.every((r) => over(r) <= r.targetMs),
    notes: [
      `excess = reply latency p99 − ${l.delayMs} ms; Parley's excess over raw: ${at((r) => `${r.users} users ${fmt(over(r), 1)} ms (${over(r) <= r.targetMs ? 'met' : 'MISSED'})`)}`,
      `both sides at once in this process for ${fmt(l.durationMs / 1000, 1)} s (users started over ${fmt(l.rampMs / 1000, 1)} s), each the same number of users; Parley: parley load's closed model, ${l.turns}-turn cases back to back, coalesce 0.02 s; raw ws: send, await the reply, 20 ms pause; agent ${settings.agent}`,
    ],
    data: results,
  };
}

/** Row 11's requirement (issue 23): the soak's peak RSS, the whole process, at most this. */
const SOAK_RSS_LIMIT_MIB = 400;

/** Row 11: soak (bench/rows/soak.ts), the engine then raw ws, each side in a fresh process beside a fresh agent. */
async function row11(settings: BenchSettings): Promise<RowResult> {
  const s = settings.soak;
  const { n, why } = feasibleScale(s.n, settings.agent === 'in-process' && !soakChildPath() ? 2 : 1);
  const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;
  const secs = (ms: number) => `${round(ms / 1000, 1)} s`;
  const figure = (r: SoakResult) =>
    `${fmt(r.opened)} conv: ${fmt(r.measured)}/${fmt(r.sent)} replies measured, ${fmt(r.lost)} lost, p99 ${fmt(r.p99, 1)} ms, peak RSS ${mib(r.peakRss)}`;
  const results: Partial<Record<SoakResult['side'], SoakResult>> = {};
  // One side after the other: at once, the two would share the 2 cores and the agent's event loop.
  for (const side of ['engine', 'raw'] as const) {
    const r = await withAgent(settings, (agent) => runSoak({ ...s, n, side, url: agent.origin + echoPath }));
    results[side] = r;
    settings.log(`row 11 ${side}: ${figure(r)}, p50 ${fmt(r.p50, 1)} max ${fmt(r.max, 1)} ms, ${r.late} late ticks, ${fmt(r.cpuUsPerMessage)} µs CPU/message, ${r.errors} errors`);
  }
  const e = results.engine!;
  const r = results.raw!;
  const notes = [
    `each of ${fmt(n)} conversations sends one message every ${secs(s.tickMs)} for ${secs(s.durationMs)} (conversation i starts i/N of a tick in), waiting for its echo; engine: connect() (coalesce 0, keepalive 15 s), latency from the reply turn; raw ws: send, await the echo`,
    `CPU per message (user + system, while sending): engine ${fmt(e.cpuUsPerMessage)} µs, raw ${fmt(r.cpuUsPerMessage)} µs; peak heap: engine ${mib(e.peakHeapUsed)}, raw ${mib(r.peakHeapUsed)}`,
    `late ticks (a reply slower than the tick): engine ${fmt(e.late)}, raw ${fmt(r.late)}; reply p50 / max: engine ${fmt(e.p50, 1)} / ${fmt(e.max, 1)} ms, raw ${fmt(r.p50, 1)} / ${fmt(r.max, 1)} ms`,
    `opened: engine ${fmt(e.opened)}/${fmt(n)} in ${fmt(e.openMs)} ms, raw ${fmt(r.opened)}/${fmt(n)} in ${fmt(r.openMs)} ms (${s.parallel} at a time); ${soakChildPath() ? 'each side in a fresh process, one after the other' : 'both sides in the bench process'}; agent ${settings.agent}`,
  ];
  if (why) notes.push(why);
  for (const x of [e, r]) if (x.errors > 0) notes.push(`${x.side} errors: ${x.errors} (${x.errorSamples.join('; ')})`);
  return {
    row: 11,
    what: `soak: ${fmt(n)} conversations, 1 message each per ${secs(s.tickMs)} for ${secs(s.durationMs)}`,
    engine: figure(e),
    baseline: figure(r),
    ratio: null,
    target: `every reply measured, none lost, RSS ≤ ${SOAK_RSS_LIMIT_MIB} MiB`,
    met: e.opened === s.n && e.sent > 0 && e.measured === e.sent && e.lost === 0 && e.peakRss <= SOAK_RSS_LIMIT_MIB * 2 ** 20,
    notes,
    data: results,
  };
}

const ROWS: Record<number, (settings: BenchSettings) => Promise<RowResult>> = { 1: row1, 2: row2, 3: row3, 4: row4, 5: row5, 6: row6, 7: row7, 9: row9, 11: row11 };

/**
 * Row 8, the control: the leanest XState design (bench/floor.ts) did rows 1–3's work beside the
 * engine and raw ws, in the same repetitions; this row puts its figures side by side.
 */
function row8(rows: readonly RowResult[]): RowResult {
  const floors = rows.filter((r) => r.row <= 3 && r.floor !== undefined);
  const label: Record<number, string> = { 1: 'turns', 2: 'runs', 3: 'heap' };
  const ratios = floors.map((r) => `${label[r.row]} ${r.floor!.ratio.toFixed(2)}×`).join(' · ');
  return {
    row: 8,
    what: 'control: leanest XState (1 machine, 1 socket actor, no timers)',
    engine: floors.length === 0 ? 'n/a (needs rows 1–3)' : floors.map((r) => r.floor!.figure).join('; '),
    baseline: floors.length === 0 ? 'n/a' : floors.map((r) => r.baseline).join('; '),
    ratio: null,
    target: ratios || 'n/a',
    met: null,
    notes: [
      'the XState floor: what two actors and two transitions per turn cost beside raw ws, before any Parley feature; a target below it cannot be met by any actor-per-event design',
    ],
    data: floors.map((r) => ({ row: r.row, ...r.floor })),
  };
}

/** Each target's status, and where the XState floor itself misses it. */
export function targetStatus(report: BenchReport): string[] {
  return report.rows
    .filter((r) => r.met !== null && (r.row <= 4 || r.row === 9))
    .map((r) => {
      const cpuRatio = (side: 'engine' | 'floor') => (r.cpuUs ? r.cpuUs.raw / r.cpuUs[side] : null);
      const byCpu = (side: 'engine' | 'floor') => (cpuRatio(side) === null ? '' : `; by CPU ${cpuRatio(side)!.toFixed(2)}×`);
      const ratio = r.ratio === null || !Number.isFinite(r.ratio) ? '' : ` (${r.ratio.toFixed(2)}×${byCpu('engine')})`;
      const status = `row ${r.row} ${r.target}: ${r.met ? 'met' : 'MISSED'}${r.row === 4 || r.row === 9 ? ` (${r.engine})` : ratio}`;
      if (!r.floor) return status;
      const meets = (value: number) => (r.row === 3 ? value <= 3.5 : value >= (r.row === 1 ? 0.75 : 0.6));
      const floorCpu = cpuRatio('floor');
      const verdict = meets(r.floor.ratio)
        ? ''
        : floorCpu !== null && meets(floorCpu)
          ? ', below the target by wall time, not by CPU'
          : ', itself below the target';
      return `${status}; XState floor ${r.floor.ratio.toFixed(2)}×${byCpu('floor')}${verdict}`;
    });
}

export async function runBench(settings: BenchSettings, command = 'npm run bench'): Promise<BenchReport> {
  const started = now();
  const startedAt = new Date().toISOString();
  const rows: RowResult[] = [];
  for (const row of settings.rows) {
    if (row === 8) {
      rows.push(row8(rows));
      continue;
    }
    const run = ROWS[row];
    if (!run) throw new Error(`bench: there is no row ${row}`);
    settings.log(`row ${row}…`);
    try {
      rows.push(await run(settings));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settings.log(`row ${row} failed: ${message}`);
      rows.push({ row, what: `row ${row}`, engine: 'error', baseline: 'error', ratio: null, target: '', met: false, notes: [message], data: null, error: message });
    }
  }
  const { log: _log, ...rest } = settings;
  return {
    startedAt,
    durationMs: Math.round(now() - started),
    command,
    machine: await machineInfo(),
    gc: canGc,
    agent: settings.agent === 'child-process' ? 'child-process' : 'in-process',
    settings: rest,
    rows,
  };
}

/** The table: row, what, engine, baseline, ratio, target, met — then each row's notes. */
export function formatReport(report: BenchReport): string {
  const header = ['#', 'what', 'engine', 'raw ws baseline', 'ratio', 'XState floor', 'target', 'met?'];
  const lines = report.rows.map((r) => [
    String(r.row),
    r.what,
    r.engine,
    r.baseline,
    r.ratio === null || !Number.isFinite(r.ratio) ? 'n/a' : `${r.ratio.toFixed(2)}×`,
    r.floor ? `${r.floor.ratio.toFixed(2)}×` : '',
    r.target,
    r.met === null ? (r.row >= 5 ? '(report)' : 'n/a') : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const m = report.machine;
  const out = [
    `Parley benchmark — ${report.startedAt}, ${fmt(report.durationMs / 1000, 1)} s`,
    `machine: ${m.nproc} cores (nproc), ${m.cpu}, node ${m.node}, ${m.platform}, ${fmt(m.totalMemMiB)} MiB, ulimit -n ${m.openFilesLimit ?? '?'}, load ${m.loadAverage.join(' ')}`,
    `agent: ${report.agent}; forced GC: ${report.gc ? 'yes' : 'no'}; figures are medians of ${report.settings.repeats} repetitions (row 3: ${report.settings.scaleRepeats})`,
    '',
    row(header),
    row(widths.map((w) => '-'.repeat(w))),
    ...lines.map(row),
    '',
    'targets (ratios to raw ws in this run):',
    ...targetStatus(report).map((line) => `  ${line}`),
    '',
    ...report.rows.flatMap((r) => r.notes.map((note) => `  ${r.row}. ${note}`)),
  ];
  return out.join('\n');
}
