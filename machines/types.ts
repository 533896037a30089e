/**
 * Types shared by the machines and src/. The machines see transports only as opaque plans that
 * src/ builds and the provided actors read.
 */
import type { ErrorCode, ErrorInfo } from './errors.js';

export type { ErrorCode, ErrorInfo };

/**
 * Classes of inbound messages that add no text (SPEC §2, §9.3), in the order they are checked.
 * Each is counted in `dropped`, though `error`, `end`, `turnEnd` and `typing` also steer the turn.
 */
export type DropClass =
  | 'binary'
  | 'invalidJson'
  | 'autoReply'
  | 'direction'
  | 'error'
  | 'end'
  | 'turnEnd'
  | 'typing'
  | 'type'
  | 'noText';
export const DROP_CLASSES: readonly DropClass[] = [
  'binary',
  'invalidJson',
  'autoReply',
  'direction',
  'error',
  'end',
  'turnEnd',
  'typing',
  'type',
  'noText',
];

/** Every class a frame can get (SPEC §2). */
export type InboundClass = DropClass | 'ready' | 'text';

export type DropCounts = Record<DropClass, number>;

/** A button or quick reply the agent offered (SPEC §16); `payload` is the title when it had none. */
export interface Choice {
  title: string;
  payload: string;
}

/** One agent turn: the text messages the agent sent between two quiet periods. */
export interface AgentTurn {
  role: 'agent';
  /** The messages' texts joined with `joinWith` (default `\n`). */
  text: string;
  messages: string[];
  /** Epoch ms when its first message arrived (when it was given up on, for an empty timed-out reply). */
  at: number;
  /** Number of the user message this turn answers (from 1), or null for a turn nobody asked for. */
  replyTo: number | null;
  /** For a reply: ms from the user message to the first and to the last message. */
  latencyMs?: number;
  lastMessageLatencyMs?: number;
  /** A reply whose first message never came within `responseTimeoutSeconds`. */
  timedOut: boolean;
  /** A turn cut after `maxTurnSeconds`. */
  truncated: boolean;
  /** Epoch ms when the turn was delivered. */
  deliveredAt: number;
  /** The parsed JSON of each accepted (text) frame, for path captures and `frame` expectations. */
  frames?: unknown[];
  /** Every choice its messages offered, in order (SPEC §16); present when there is any. */
  choices?: Choice[];
  /** Every attachment of its messages, as sent; present when there is any. */
  attachments?: unknown[];
}

/** One user message, as sent. */
export interface UserTurn {
  role: 'user';
  text: string;
  /** Epoch ms when it was sent. */
  at: number;
  /** Its number in the conversation, from 1. */
  seq: number;
  /** A click (SPEC §16): the choice sent; `text` is then its title. */
  click?: Choice;
}

export interface Timings {
  setupMs: number | null;
  connectMs: number | null;
  handshakeMs: number | null;
  /** The subprotocol the agent picked; present only when one was offered and picked. */
  subprotocol?: string;
}

/** What the provided `socket` actor reports (events sent to the conversation). */
export type SocketEvent =
  /** `subprotocol`: the one the agent picked, when subprotocols were offered. */
  | { type: 'socket.open'; subprotocol?: string }
  | {
      type: 'socket.message';
      class: DropClass | 'text';
      ready: boolean;
      text?: string;
      /** `text`: its place in the turn (`orderByPath`), a number or a string. */
      order?: number | string;
      /** `error`: what the agent said went wrong (secrets masked, cut). */
      detail?: string;
      /** Epoch ms (on the conversation's clock) when the socket delivered the frame. */
      at: number;
      /** The parsed JSON of an accepted (text) frame, for captures and `frame` expectations. */
      frame?: unknown;
      /** The handshake steps (indices from 0) whose `await` this frame satisfies. */
      steps?: number[];
      /** `text`: the choices and attachments it carries (SPEC §16). */
      choices?: Choice[];
      attachments?: unknown[];
    }
  | { type: 'socket.closed'; code: number; reason: string }
  | { type: 'socket.error'; error: ErrorInfo };

/** What the conversation tells its `socket` actor. */
export type SocketCommand =
  /** A user message; `seq` is its number in the conversation, from 1 (`{{message.seq}}`). */
  | { type: 'socket.send'; text: string; seq: number; click?: Choice }
  /** Send handshake step `index` (from 0). */
  | { type: 'socket.step'; index: number }
  | { type: 'socket.close' };

/** Events a conversation accepts from its user (the library or a simulation). */
export type ConversationCommand = { type: 'user.message'; text: string; click?: Choice } | { type: 'conversation.close' };

export type ConversationEvent = SocketEvent | ConversationCommand;

/** Events a conversation emits (for `actor.on`), or sends to the simulation that invoked it. */
export type ConversationReport =
  | { type: 'conversation.ready'; openingStarted: boolean }
  | { type: 'conversation.sent'; turn: UserTurn }
  | { type: 'conversation.turn'; turn: AgentTurn };

/** Timer lengths, all in ms (config seconds × 1000). */
export interface ConversationTimeouts {
  connectMs: number;
  handshakeMs: number;
  quietMs: number;
  responseMs: number;
  maxTurnMs: number;
}

export interface ConversationInput {
  /** The socket actor's input. Absent in http-first mode, where the `setup` actor returns it. */
  socket?: unknown;
  /** The setup actor's input (http-first mode). */
  setup?: unknown;
  /** Wait for a ready message after the socket opens. */
  awaitReady: boolean;
  /**
   * Handshake steps, sent in order after the socket opens (SPEC §9.1). `awaits` describes the frame
   * a step waits for (named in its timeout), or is null for a step that only sends. @default []
   */
  steps?: HandshakeStepPlan[];
  timeouts: ConversationTimeouts;
  /** How a turn's messages join into its text. @default "\n" */
  joinWith?: string;
  /** Sort a turn's messages by their `order` before delivery (`orderByPath` is set). @default false */
  orderMessages?: boolean;
  /** Clock in epoch ms. @default realClock (machines/defaults.ts) */
  now?: () => number;
}

/** What the machine knows of one handshake step; the socket actor knows what it sends. */
export interface HandshakeStepPlan {
  awaits: string | null;
}

/** The setup actor's output. */
export interface SetupOutput {
  socket: unknown;
}

export interface ConversationOutput {
  status: 'closed' | 'failed';
  error: ErrorInfo | null;
  /** The close code and reason when the socket was closed (by either side). */
  close: { code: number; reason: string } | null;
  /** Who ended the conversation: the client (`conversation.close`), the agent, or neither (a failure). */
  closedBy: 'client' | 'agent' | null;
  /** The agent ended it with an `endTypes` message (not by closing the socket). @default false */
  endMessage?: boolean;
  /** Whether the conversation got past connect and handshake. */
  ready: boolean;
  dropped: DropCounts;
  timings: Timings;
}

/** The outcome of one simulation (SPEC §4). */
export type Verdict = 'passed' | 'failed' | 'error';

/** What an expectation (or a capture, SPEC §10.1) checks. */
export type ExpectationKind =
  | 'contains'
  | 'matches'
  | 'notContains'
  | 'equals'
  | 'notMatches'
  | 'maxLatencyMs'
  | 'frame'
  | 'choices'
  | 'choicesExactly'
  | 'attachments'
  | 'attachment'
  | 'capture';

/** One expectation, checked against the reply to user turn `turn` (from 1). */
export interface ExpectationResult {
  turn: number;
  kind: ExpectationKind;
  /** What was expected: the text or pattern (placeholders rendered), the ms, or the frame value. */
  value: unknown;
  ok: boolean;
  /** `frame`: the path looked up. */
  path?: string;
  /** `capture`: the variable's name. */
  name?: string;
  /** A failure: what came instead, cut to about 120 characters (the reply text, a latency, a frame value). */
  got?: string;
  /** A failure: its whole line, e.g. `Expectation failed: the reply to turn 2 contains "9" — got "…"`. */
  message?: string;
}

/** What checking one reply found: every expectation, the values it captured, the first failure. */
export interface CheckOutcome {
  expectations: ExpectationResult[];
  captures: Record<string, string>;
  /** `expectation-failed` describing the failures, or null when all held. */
  failure: ErrorInfo | null;
}

/** A scripted user text with its `{{vars.NAME}}` rendered, or why it cannot be. */
export type RenderedUserText = { text: string; click?: Choice } | { error: ErrorInfo };

/** The judge's finding on one criterion (SPEC §10.2). */
export interface JudgementEntry {
  criterion: string;
  verdict: 'pass' | 'fail' | 'inconclusive';
  reasoning: string;
}

/** Why a simulated user stopped (SPEC §10.2). */
export type StopReason = 'goal' | 'maxTurns' | 'agent-ended' | 'error';

/** The `userModel` actor's input: the conversation so far, to be role-flipped by src/. */
export interface UserModelInput {
  /** Opaque to the machines: the model client, persona and goal, built by src/. */
  plan: unknown;
  transcript: Array<AgentTurn | UserTurn>;
  /** Whether the stop marker counts yet (`minTurns` reached). */
  mayStop: boolean;
}

/** The simulated user's next move: a message to send, or the stop marker. */
export type UserModelOutput = { stop: true } | { stop: false; text: string; click?: Choice };

export interface JudgeInput {
  plan: unknown;
  transcript: Array<AgentTurn | UserTurn>;
}

export interface JudgeOutput {
  judgement: JudgementEntry[];
  /** `judge-failed` quoting the first criterion not met, or null when every one passed. */
  failure: ErrorInfo | null;
}

/** A transcript entry as written to results: times as ISO strings, ms rounded. */
export type TranscriptEntry =
  | { role: 'user'; text: string; at: string; click?: Choice }
  | {
      role: 'agent';
      text: string;
      messages: string[];
      at: string;
      latencyMs?: number;
      lastMessageLatencyMs?: number;
      timedOut: boolean;
      truncated: boolean;
      choices?: Choice[];
      attachments?: unknown[];
    };

/** One line of the JSONL output (SPEC §4). */
export interface SimulationResult {
  caseId: string;
  iteration: number;
  verdict: Verdict;
  error: ErrorInfo | null;
  startedAt: string;
  durationMs: number;
  timings: Timings;
  transcript: TranscriptEntry[];
  expectations: ExpectationResult[];
  dropped: DropCounts;
  /** Values captured by the case (present when it captures). */
  captures?: Record<string, string>;
  /** Present, `true`, for a case with a simulated user. */
  simulated?: true;
  /** Why the simulated user stopped (simulated cases). */
  stopReason?: StopReason;
  /** The judge's finding per criterion (judged cases whose conversation was had). */
  judgement?: JudgementEntry[];
}

/** One user turn of a case, as the simulation needs it. */
export interface SimulationTurn {
  /** The user's text (absent for a click). */
  user?: string;
  /** A click on a choice of the previous agent turn (SPEC §16): its title or `/regex/`; `user` is then unused. */
  click?: string;
}

export interface SimulationInput {
  caseId: string;
  iteration: number;
  agentFirst: boolean;
  turns: SimulationTurn[];
  /** The conversation's input; the conversation reports to the simulation as its parent. */
  conversation: ConversationInput;
  /** Checks the reply to user turn `turn` (from 1) against that turn's expectations and captures. */
  check: (turn: number, reply: AgentTurn, vars: Readonly<Record<string, string>>) => CheckOutcome;
  /** Renders `{{vars.NAME}}` in a scripted user text. @default the text as it is */
  renderUser?: (turn: number, text: string, vars: Readonly<Record<string, string>>) => RenderedUserText;
  /**
   * Picks the choice a `click` turn names among those the previous agent turn offered (none: null
   * turn), or says why it cannot (`expectation-failed`). @default no click turns are possible
   */
  pickChoice?: (turn: number, selector: string, previous: AgentTurn | null) => RenderedUserText;
  /** Present when the case captures values: results then carry `captures`. */
  captures?: boolean;
  /** Instead of `turns`: the `userModel` actor writes each user message (SPEC §10.2). */
  simulate?: SimulateInput;
  /** After the conversation, the `judge` actor rates it against criteria. */
  judge?: { plan: unknown };
  now?: () => number;
}

export interface SimulateInput {
  /** Most user messages. */
  maxTurns: number;
  /** The stop marker is ignored before this many user messages. */
  minTurns: number;
  /** Sent as the first user message instead of asking the model. */
  firstMessage?: string;
  /** Opaque to the machines; handed to the `userModel` actor. */
  plan: unknown;
}

/** Events a simulation accepts from its supervisor. */
export type SimulationCommand = { type: 'sim.cancel' };

/** One simulation to run: a case and its repetition number. */
export interface Job {
  caseIndex: number;
  caseId: string;
  /** From 1. */
  iteration: number;
}

export interface SupervisorInput {
  /** Run in this order. */
  jobs: Job[];
  /** Most simulations alive at once. @default 8 */
  concurrency: number;
  /** Builds a simulation's input when it starts, so nothing per-conversation is made early. */
  createSimulation: (job: Job) => SimulationInput;
  /** Clock in epoch ms, for crashed simulations' start and duration. @default realClock (machines/defaults.ts) */
  now?: () => number;
}

/** Events a supervisor emits (`actor.on`). */
export type SupervisorReport = { type: 'sim.started'; job: Job } | { type: 'sim.finished'; result: SimulationResult };

export interface SupervisorOutput {
  total: number;
  passed: number;
  failed: number;
  error: number;
  cancelled: boolean;
}
