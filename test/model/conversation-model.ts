/**
 * The conversation machine as a test model: its input variants, the concrete events a world can
 * produce, the abstraction compared between model and engine, and the timer profiles that make
 * every delayed transition reachable on a clock.
 */
import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import { conversationMachine, type ConversationContext } from '../../machines/conversation.js';
import type { ConversationInput, ConversationTimeouts } from '../../machines/types.js';
import { handledOf, transitionPaths, type ModelPath } from './paths.js';

export interface Variant {
  name: string;
  mode: 'direct' | 'http-first';
  awaitReady: boolean;
  coalescing: boolean;
  /** Handshake steps (README "Connecting to your agent"): one that awaits its answer, then one that only sends. */
  steps: boolean;
  /** One `http` handshake step (README "Config reference"), run by the `handshakeHttp` actor. @default false */
  httpStep?: boolean;
}

const BASE_VARIANTS: Variant[] = (['direct', 'http-first'] as const).flatMap((mode) =>
  [false, true].flatMap((awaitReady) =>
    [true, false].map((coalescing) => ({
      name: `${mode}, ${awaitReady ? 'awaitReady' : 'no ready'}, coalescing ${coalescing ? 'on' : 'off'}`,
      mode,
      awaitReady,
      coalescing,
      steps: false,
    })),
  ),
);

/**
 * The steps only change the handshake, which mode and coalescing do not touch: two variants (with
 * and without a ready message) reach every handshake transition.
 */
const STEP_VARIANTS: Variant[] = [false, true].map((awaitReady) => ({
  name: `direct, steps, ${awaitReady ? 'awaitReady' : 'no ready'}, coalescing on`,
  mode: 'direct',
  awaitReady,
  coalescing: true,
  steps: true,
}));

/** An http step is its own handshake state; one variant reaches its transitions. */
const HTTP_VARIANT: Variant = { name: 'direct, an http step, awaitReady, coalescing on', mode: 'direct', awaitReady: true, coalescing: true, steps: false, httpStep: true };

export const VARIANTS: Variant[] = [...BASE_VARIANTS, ...STEP_VARIANTS, HTTP_VARIANT];

/** The machine's view of the step variants' handshake; the live world configures the same steps. */
export const MODEL_STEPS = [{ awaits: 'type = "ack"' }, { awaits: null }];

/**
 * On a real clock the order timers fire in depends on their lengths, so one set of lengths cannot
 * reach every delayed transition: `natural` (the defaults' order) never lets `maxTurn` win, and
 * `maxTurnFirst` makes it shorter than the quiet period and the response timeout. Each profile's
 * paths only use the timers that can win under it.
 */
export type TimerProfile = 'natural' | 'maxTurnFirst';

export function profileTimeouts(profile: TimerProfile, coalescing: boolean): ConversationTimeouts {
  const base = { connectMs: 300, handshakeMs: 400 };
  if (profile === 'natural') return { ...base, quietMs: coalescing ? 100 : 0, responseMs: 500, maxTurnMs: 60_000 };
  return { ...base, quietMs: coalescing ? 5_000 : 0, responseMs: 5_000, maxTurnMs: 100 };
}

const excludedTimers: Record<TimerProfile, RegExp> = {
  natural: /^xstate\.after\.maxTurn\./,
  maxTurnFirst: /^xstate\.after\.(quietPeriod|responseTimeout)\./,
};

/** Model events, one per kind of thing that can happen; the worlds know how to make each happen. */
/** `at` is the model clock's 0: the worlds stamp real frames with their own clock. */
export const TEXT = { type: 'socket.message', class: 'text', ready: false, text: 'agent says', at: 0 } as const;
/** A message dropped by type (an ack). */
export const DROPPED = { type: 'socket.message', class: 'type', ready: false, at: 0 } as const;
/** README "How replies are read" classes that steer the turn: typingTypes, turnEndTypes, endTypes, errorTypes. */
export const TYPING = { type: 'socket.message', class: 'typing', ready: false, at: 0 } as const;
export const TURN_END = { type: 'socket.message', class: 'turnEnd', ready: false, at: 0 } as const;
export const END = { type: 'socket.message', class: 'end', ready: false, at: 0 } as const;
export const AGENT_ERROR = { type: 'socket.message', class: 'error', ready: false, detail: 'model failure', at: 0 } as const;
export const READY = { type: 'socket.message', class: 'type', ready: true, at: 0 } as const;
/** The answer to the first handshake step (it awaits `type = "ack"`). */
export const STEP_ANSWER = { type: 'socket.message', class: 'type', ready: false, at: 0, steps: [0] } as const;
export const AGENT_CLOSE = { type: 'socket.closed', code: 4000, reason: 'bye' } as const;
/** What the socket reports when a close we asked for completes. */
export const CLIENT_CLOSE = { type: 'socket.closed', code: 1000, reason: 'done' } as const;
export const HTTP_STEP_OK = { type: 'xstate.done.actor.handshakeHttp', output: undefined } as const;
export const HTTP_STEP_FAILED = {
  type: 'xstate.error.actor.handshakeHttp',
  error: { code: 'setup-failed', message: 'Session setup failed: handshake step 1: HTTP 500' },
} as const;
export const SETUP_OK = { type: 'xstate.done.actor.setup', output: { socket: { model: 'socket plan' } } } as const;
export const SETUP_FAILED = {
  type: 'xstate.error.actor.setup',
  error: { code: 'setup-failed', message: 'Session setup failed: HTTP 500 Internal Server Error' },
} as const;

function socketError(snapshot: AnyMachineSnapshot): AnyEventObject {
  return snapshot.matches({ session: 'connecting' })
    ? { type: 'socket.error', error: { code: 'connect-failed', message: 'Failed to connect to WebSocket: HTTP 500' } }
    : { type: 'socket.error', error: { code: 'connection-lost', message: 'Connection lost: reset' } };
}

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as ConversationContext;

/** Candidate events in this state, before keeping those the state handles. */
function candidates(variant: Variant, profile: TimerProfile, snapshot: AnyMachineSnapshot): AnyEventObject[] {
  // Once we have asked the socket to close, only the close completing is reported.
  const closing = snapshot.matches({ session: 'closing' }) || snapshot.matches({ session: 'ending' });
  // A socket that has not opened reports nothing but its opening or its failure.
  const opened = !snapshot.matches({ session: 'connecting' });
  const events: AnyEventObject[] = [
    // More than one queued message only repeats the same transitions.
    ...(contextOf(snapshot).outbox.length === 0 ? [{ type: 'user.message', text: 'user says' }] : []),
    { type: 'conversation.close' },
    { type: 'socket.open' },
    ...(opened
      ? [TEXT, DROPPED, TYPING, TURN_END, END, AGENT_ERROR, ...(variant.awaitReady ? [READY] : []), ...(variant.steps ? [STEP_ANSWER] : []), closing ? CLIENT_CLOSE : AGENT_CLOSE]
      : []),
    socketError(snapshot),
    SETUP_OK,
    SETUP_FAILED,
    ...(variant.httpStep ? [HTTP_STEP_OK, HTTP_STEP_FAILED] : []),
  ];
  const timers = snapshot._nodes.flatMap((node) => node.after.map((transition) => ({ type: transition.eventType })));
  return [...events, ...timers.filter((timer) => !excludedTimers[profile].test(timer.type))];
}

/** The state value and the context facts guards and outputs depend on. */
export function abstractConversation(snapshot: AnyMachineSnapshot): string {
  const context = contextOf(snapshot);
  return JSON.stringify({
    value: snapshot.value,
    status: snapshot.status,
    outbox: context.outbox.length,
    collected: context.turn.messages.length > 0,
    acceptsMessages: context.acceptsMessages,
    step: context.step,
    readyMessageSeen: context.readyMessageSeen,
    error: context.error?.code ?? null,
    close: context.close?.code ?? null,
  });
}

/** The model's input for a variant; plans are placeholders, the model never opens anything. */
export function modelInput(variant: Variant, profile: TimerProfile): ConversationInput {
  return {
    ...(variant.mode === 'direct' ? { socket: { model: 'socket plan' } } : { setup: { model: 'setup plan' } }),
    awaitReady: variant.awaitReady,
    ...(variant.steps ? { steps: MODEL_STEPS } : variant.httpStep ? { steps: [{ awaits: null, http: true }] } : {}),
    timeouts: profileTimeouts(profile, variant.coalescing),
    now: () => 0,
  };
}

export interface ProfiledPath {
  profile: TimerProfile;
  path: ModelPath;
}

/**
 * Paths covering every transition of the variant's graph: all of the `natural` profile's, plus the
 * `maxTurnFirst` ones that reach what `natural` cannot (those that let `maxTurn` fire).
 */
export function conversationPaths(variant: Variant): ProfiledPath[] {
  const paths = (profile: TimerProfile) =>
    transitionPaths({
      machine: conversationMachine,
      input: modelInput(variant, profile),
      events: (snapshot) => handledOf(snapshot, candidates(variant, profile, snapshot)),
      abstract: abstractConversation,
    });
  const maxTurn = (path: ModelPath) => path.steps.some((step) => excludedTimers.natural.test(step.event.type));
  return [
    ...paths('natural').map((path) => ({ profile: 'natural' as const, path })),
    ...paths('maxTurnFirst')
      .filter(maxTurn)
      .map((path) => ({ profile: 'maxTurnFirst' as const, path })),
  ];
}
