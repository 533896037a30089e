/**
 * The simulation machine as a test model: small cases (1–2 turns, with or without an opening
 * turn), the reports a conversation can send it, and how its conversation can end.
 */
import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import type { SimulationContext } from '../../machines/simulation.js';
import { expectationFailure } from '../../src/engine/expectation-text.js';
import type { AgentTurn, CheckOutcome, RenderedUserText, ConversationInput, ConversationOutput, ExpectationResult, SimulationInput } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';
import { handledOf } from './paths.js';

export interface SimVariant {
  name: string;
  agentFirst: boolean;
  turns: number;
  /** A simulated user instead of the script (README "Simulated users and judges"). */
  simulate?: { maxTurns: number; minTurns: number; firstMessage?: string };
  judge?: boolean;
  /** The last scripted turn uses a value never captured. */
  uncaptured?: boolean;
}

export const SIM_VARIANTS: SimVariant[] = [
  ...[false, true].flatMap((agentFirst) =>
    [1, 2].map((turns) => ({ name: `${turns} turn${turns > 1 ? 's' : ''}${agentFirst ? ', agent first' : ''}`, agentFirst, turns })),
  ),
  { name: '2 turns, the second uses an uncaptured value', agentFirst: false, turns: 2, uncaptured: true },
  { name: '1 turn, judged', agentFirst: false, turns: 1, judge: true },
  { name: 'simulated user, 2 turns at most', agentFirst: false, turns: 0, simulate: { maxTurns: 2, minTurns: 1 } },
  { name: 'simulated user with firstMessage, judged', agentFirst: true, turns: 0, simulate: { maxTurns: 1, minTurns: 1, firstMessage: 'hi' }, judge: true },
];

const UNCAPTURED = 'where is {{vars.orderId}}?';

/** Scripted texts render as they are, except one that names a value never captured. */
function renderUser(turn: number, text: string): RenderedUserText {
  if (text !== UNCAPTURED) return { text };
  return { error: { code: 'expectation-failed', message: `Expectation failed: the user message of turn ${turn} uses {{vars.orderId}}, which was never captured` } };
}

const RESPONSE_MS = 1_000;

/** A reply passes its expectation unless its text says `bad`; one that says `choke` makes the checker throw. */
export function check(turn: number, reply: AgentTurn): CheckOutcome {
  if (reply.text.includes('choke')) throw new Error('the checker choked (as the test asked)');
  const expectations: ExpectationResult[] = [{ turn, kind: 'notContains', value: 'bad', ok: !reply.text.includes('bad') }];
  return { expectations, captures: {}, failure: expectationFailure(expectations) };
}

export function simulationInput(variant: SimVariant, now: () => number): SimulationInput {
  const conversation: ConversationInput = {
    socket: { model: 'socket plan' },
    awaitReady: false,
    timeouts: { connectMs: 1_000, handshakeMs: 1_000, quietMs: 100, responseMs: RESPONSE_MS, maxTurnMs: 60_000 },
    now,
  };
  return {
    caseId: 'case',
    iteration: 1,
    agentFirst: variant.agentFirst,
    turns: Array.from({ length: variant.turns }, (_, i) => ({ user: variant.uncaptured && i === variant.turns - 1 ? UNCAPTURED : `turn ${i + 1}` })),
    conversation,
    check,
    renderUser,
    ...(variant.simulate ? { simulate: { ...variant.simulate, plan: { model: 'user model plan' } } } : {}),
    ...(variant.judge ? { judge: { plan: { model: 'judge plan' } } } : {}),
    now,
  };
}

function agentTurn(replyTo: number | null, text: string, timedOut = false): AgentTurn {
  return { role: 'agent', text, messages: text ? [text] : [], at: 0, replyTo, timedOut, truncated: false, deliveredAt: 0 };
}

function ended(output: Partial<ConversationOutput>): ConversationOutput {
  return {
    status: 'closed',
    error: null,
    close: { code: 1000, reason: 'done' },
    // The conversation ending by itself: the agent closed it.
    closedBy: 'agent',
    ready: true,
    dropped: emptyDrops(),
    timings: { setupMs: null, connectMs: 1, handshakeMs: null },
    ...output,
  };
}

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as SimulationContext;

function candidates(snapshot: AnyMachineSnapshot): AnyEventObject[] {
  const { sent } = contextOf(snapshot);
  return [
    { type: 'conversation.ready', openingStarted: false },
    { type: 'conversation.sent', turn: { role: 'user', text: `turn ${sent}`, at: 0, seq: sent } },
    { type: 'conversation.turn', turn: agentTurn(sent, 'a good reply') },
    { type: 'conversation.turn', turn: agentTurn(sent, 'a bad reply') },
    { type: 'conversation.turn', turn: agentTurn(sent, 'a reply to choke on') },
    { type: 'conversation.turn', turn: agentTurn(sent, '', true) },
    // A turn nobody asked for (or, before the first message, the opening turn).
    { type: 'conversation.turn', turn: agentTurn(null, 'hello') },
    { type: 'sim.cancel' },
    { type: 'xstate.done.actor.conversation', output: ended({}) },
    { type: 'xstate.done.actor.conversation', output: ended({ status: 'failed', error: { code: 'connection-lost', message: 'Connection lost: reset' } }) },
    {
      type: 'xstate.done.actor.conversation',
      output: ended({ status: 'failed', ready: false, close: null, error: { code: 'connect-failed', message: 'Failed to connect to WebSocket: HTTP 500' } }),
    },
    { type: 'xstate.error.actor.conversation', error: 'the child crashed (as the test asked)' },
    // The simulated user's next move, or its model failing.
    { type: 'xstate.done.actor.userModel', output: { stop: false, text: `simulated ${sent + 1}` } },
    { type: 'xstate.done.actor.userModel', output: { stop: true } },
    { type: 'xstate.error.actor.userModel', error: 'the model failed (as the test asked)' },
    { type: 'xstate.done.actor.judge', output: { judgement: [{ criterion: 'c', verdict: 'pass', reasoning: '' }], failure: null } },
    {
      type: 'xstate.done.actor.judge',
      output: { judgement: [{ criterion: 'c', verdict: 'fail', reasoning: 'no' }], failure: { code: 'judge-failed', message: 'Judge: criterion not met: "c"' } },
    },
    { type: 'xstate.error.actor.judge', error: 'the judge failed (as the test asked)' },
    ...snapshot._nodes.flatMap((node) => node.after.map((transition) => ({ type: transition.eventType }))),
  ];
}

export const simulationEvents = (snapshot: AnyMachineSnapshot) => handledOf(snapshot, candidates(snapshot));

/** State value, progress and the verdict so far; the output's verdict once done. */
export function abstractSimulation(snapshot: AnyMachineSnapshot): string {
  const context = contextOf(snapshot);
  const output = snapshot.output as { verdict?: string } | undefined;
  return JSON.stringify({
    value: snapshot.value,
    status: snapshot.status,
    sent: context.sent,
    finishing: context.finishing,
    error: context.error?.code ?? null,
    stopReason: context.stopReason,
    judged: context.judgement !== null,
    verdict: output?.verdict ?? null,
  });
}
