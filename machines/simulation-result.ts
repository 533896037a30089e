/**
 * What a finished simulation reports: its verdict, and its transcript, timings and findings in the
 * shape results are written in.
 */
import { emptyDrops, emptyTimings } from './defaults.js';
import type { SimulationContext } from './simulation-context.js';
import type { AgentTurn, ErrorInfo, SimulationResult, StopReason, Timings, TranscriptEntry, UserTurn, Verdict } from './types.js';

/** Codes that mean the conversation could not be had at all: verdict `error`, not `failed`. */
export const NO_CONVERSATION: ReadonlySet<ErrorInfo['code']> = new Set([
  'setup-failed',
  'setup-no-url',
  'connect-timeout',
  'connect-failed',
  'handshake-timeout',
  'cancelled',
  'internal-error',
  'llm-failed',
]);

const iso = (ms: number) => new Date(ms).toISOString();

/** Latencies and timings are kept to 0.1 ms (README "Load testing"): whole ms would hide a load knee's onset. */
const tenth = (ms: number) => Math.round(ms * 10) / 10;

function toEntry(turn: AgentTurn | UserTurn): TranscriptEntry {
  if (turn.role === 'user') return { role: 'user', text: turn.text, at: iso(turn.at), ...(turn.click ? { click: turn.click } : {}) };
  const latency =
    turn.latencyMs === undefined
      ? {}
      : { latencyMs: tenth(turn.latencyMs), lastMessageLatencyMs: tenth(turn.lastMessageLatencyMs ?? turn.latencyMs) };
  return {
    role: 'agent',
    text: turn.text,
    messages: turn.messages,
    at: iso(turn.at),
    ...latency,
    timedOut: turn.timedOut,
    truncated: turn.truncated,
    ...(turn.choices ? { choices: turn.choices } : {}),
    ...(turn.attachments ? { attachments: turn.attachments } : {}),
  };
}

/** Passed, failed, or `error` when the conversation could not be had. */
function verdictOf(context: SimulationContext): Verdict {
  const { error, conversation } = context;
  if (!error) return 'passed';
  if (NO_CONVERSATION.has(error.code) || (conversation !== null && !conversation.ready)) return 'error';
  return 'failed';
}

const roundTimings = (t: Timings): Timings => ({
  setupMs: t.setupMs === null ? null : tenth(t.setupMs),
  connectMs: t.connectMs === null ? null : tenth(t.connectMs),
  handshakeMs: t.handshakeMs === null ? null : tenth(t.handshakeMs),
  ...(t.subprotocol === undefined ? {} : { subprotocol: t.subprotocol }),
});

/** The simulation's output, once it is done. */
export function resultOf(context: SimulationContext): SimulationResult {
  return {
    caseId: context.input.caseId,
    iteration: context.input.iteration,
    verdict: verdictOf(context),
    error: context.error,
    startedAt: iso(context.startedAt),
    durationMs: Math.round(context.now() - context.startedAt),
    timings: roundTimings(context.conversation?.timings ?? emptyTimings()),
    transcript: context.transcript.map(toEntry),
    expectations: context.expectations,
    dropped: context.conversation?.dropped ?? emptyDrops(),
    ...(context.input.captures ? { captures: context.vars } : {}),
    ...(context.input.simulate ? { simulated: true as const, stopReason: stopReasonOf(context) } : {}),
    ...(context.judgement ? { judgement: context.judgement } : {}),
  };
}

/** A turn as the transcript keeps it, without its frames. */
export function withoutFrames(turn: AgentTurn | UserTurn): AgentTurn | UserTurn {
  if (turn.role === 'user' || turn.frames === undefined) return turn;
  const { frames: _frames, ...rest } = turn;
  return rest;
}

/** Goal and maxTurns are known when they happen; otherwise the agent ended it, or something failed. */
function stopReasonOf(context: SimulationContext): StopReason {
  if (context.stopReason) return context.stopReason;
  const output = context.conversation;
  const agentEnded = output?.closedBy === 'agent' && output.error === null && context.error === null;
  return agentEnded ? 'agent-ended' : 'error';
}
