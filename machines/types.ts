/**
 * Types shared by the machines and src/: the conversation's (conversation-types.ts, re-exported)
 * and those of simulations, their results and the supervisor that runs them.
 */
import type { ErrorCode, ErrorInfo } from './errors.js';
import type { DropCounts, AgentTurn, Choice, UserTurn, Timings, ConversationInput } from './conversation-types.js';

export type { ErrorCode, ErrorInfo };
export * from './conversation-types.js';

/** The outcome of one simulation (README "Test sets"). */
export type Verdict = 'passed' | 'failed' | 'error';

/** What an expectation (or a capture, README "Captures and more expectations") checks. */
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

/** The judge's finding on one criterion (README "Simulated users and judges"). */
export interface JudgementEntry {
  criterion: string;
  verdict: 'pass' | 'fail' | 'inconclusive';
  reasoning: string;
}

/** Why a simulated user stopped (README "Simulated users and judges"). */
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

/** One line of the JSONL output (README "Test sets"). */
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
  /** A click on a choice of the previous agent turn (README "Buttons, cards and clicks"): its title or `/regex/`; `user` is then unused. */
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
  /** Instead of `turns`: the `userModel` actor writes each user message (README "Simulated users and judges"). */
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
