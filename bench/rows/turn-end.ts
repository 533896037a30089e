/**
 * Row 6: what `turnEndTypes` saves. The same multi-turn test set against the burst demo agent
 * (which ends every reply with `typing_stopped`), once waiting out the quiet period after each
 * reply and once delivering on `typing_stopped`; the transcripts must be identical.
 */
import type { SimulationResult } from '../../machines/types.js';
import { startDemoAgent } from '../../src/demo/index.js';
import { parseAgentConfig, parseTestSet, runTestSet } from '../../src/index.js';
import { now } from '../util.js';

export interface TurnEndOptions {
  /** Cases in the test set, run at once (concurrency = cases). */
  cases: number;
  /** User turns per case. */
  turns: number;
  /** The quiet period of both runs (s). @default 2, the product default */
  coalesceSeconds: number;
  /** Bound on each run (ms). */
  maxMs: number;
}

export interface TurnEndResult {
  quietMs: number;
  turnEndMs: number;
  /** quiet-period wall time ÷ turnEndTypes wall time. */
  speedup: number;
  /** Every case's transcript texts were the same in both runs. */
  identical: boolean;
  replies: number;
  passed: { quiet: number; turnEnd: number };
}

/** Questions the burst agent answers in one and in two messages. */
const QUESTIONS = ['I need a refund', 'When do you open?', 'What does it cost?', 'Hello'];

function testSet(options: TurnEndOptions) {
  return parseTestSet({
    name: 'turn-end',
    cases: Array.from({ length: options.cases }, (_, c) => ({
      id: `case-${c + 1}`,
      turns: Array.from({ length: options.turns }, (_, t) => QUESTIONS[(c + t) % QUESTIONS.length]!),
    })),
  });
}

/** The custom-format example's config, with or without `turnEndTypes`. */
function config(url: string, options: TurnEndOptions, turnEnd: boolean) {
  return parseAgentConfig({
    name: turnEnd ? 'burst with turnEndTypes' : 'burst, quiet period only',
    connection: { url, keepaliveSeconds: 0 },
    messages: {
      sendTemplate: { event: 'user_message', payload: { text: '{{message}}' } },
      typePath: 'event',
      textTypes: ['agent_message'],
      textPath: 'payload.text',
      ...(turnEnd ? { turnEndTypes: ['typing_stopped'] } : {}),
    },
    coalesceSeconds: options.coalesceSeconds,
    responseTimeoutSeconds: 10,
  });
}

/** The texts of each case's transcript, by case id. */
function transcripts(results: readonly SimulationResult[]): Map<string, string> {
  return new Map(results.map((result) => [result.caseId, JSON.stringify(result.transcript.map((turn) => [turn.role, turn.text]))]));
}

async function timedRun(url: string, options: TurnEndOptions, turnEnd: boolean): Promise<{ ms: number; results: SimulationResult[] }> {
  const results: SimulationResult[] = [];
  const signal = AbortSignal.timeout(options.maxMs);
  const started = now();
  await runTestSet(config(url, options, turnEnd), testSet(options), { concurrency: options.cases, signal, onResult: (r) => results.push(r) });
  if (signal.aborted) throw new Error(`bench row 6: a run took longer than ${options.maxMs} ms`);
  return { ms: now() - started, results };
}

export async function turnEndRow(options: TurnEndOptions): Promise<TurnEndResult> {
  const agent = await startDemoAgent({ profile: 'burst' });
  try {
    const quiet = await timedRun(agent.url, options, false);
    const turnEnd = await timedRun(agent.url, options, true);
    const a = transcripts(quiet.results);
    const b = transcripts(turnEnd.results);
    const identical = a.size === options.cases && [...a].every(([id, texts]) => b.get(id) === texts);
    const passed = (results: SimulationResult[]) => results.filter((r) => r.verdict === 'passed').length;
    return {
      quietMs: quiet.ms,
      turnEndMs: turnEnd.ms,
      speedup: quiet.ms / turnEnd.ms,
      identical,
      replies: options.cases * options.turns,
      passed: { quiet: passed(quiet.results), turnEnd: passed(turnEnd.results) },
    };
  } finally {
    await agent.close();
  }
}
