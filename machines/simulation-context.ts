/**
 * What a simulation knows as it runs, how it starts, and the next scripted turn rendered from it.
 */
import { realClock } from './defaults.js';
import type {
  AgentTurn,
  ConversationOutput,
  ErrorInfo,
  ExpectationResult,
  JudgementEntry,
  SimulationInput,
  StopReason,
  UserTurn,
} from './types.js';

/** A scripted user turn ready to send (`error` null), or why it cannot be sent (`text` then empty). */
export interface ScriptedTurn {
  text: string;
  error: ErrorInfo | null;
}

export interface SimulationContext {
  input: SimulationInput;
  now: () => number;
  startedAt: number;
  transcript: Array<AgentTurn | UserTurn>;
  expectations: ExpectationResult[];
  /** User turns sent so far. */
  sent: number;
  error: ErrorInfo | null;
  /** Set once the simulation has nothing more to do, so a close after it is no failure. */
  finishing: boolean;
  conversation: ConversationOutput | null;
  /** Values captured so far, for `{{vars.NAME}}` (SPEC §10.1). */
  vars: Record<string, string>;
  /** Why a simulated user stopped, once it has (`goal`, `maxTurns`). */
  stopReason: StopReason | null;
  judgement: JudgementEntry[] | null;
  /** The next scripted turn, rendered once on entering `script`: its text, or why it cannot be sent. */
  nextTurn: ScriptedTurn;
}

/** A simulation about to start: nothing sent, nothing recorded. */
export function initialContext(input: SimulationInput): SimulationContext {
  const now = input.now ?? realClock;
  return {
    input,
    now,
    startedAt: now(),
    transcript: [],
    expectations: [],
    sent: 0,
    error: null,
    finishing: false,
    conversation: null,
    vars: {},
    stopReason: null,
    judgement: null,
    nextTurn: { text: '', error: null },
  };
}

/** The next scripted turn's text with its captured values in, or why it cannot be sent. */
export function nextScripted(context: SimulationContext): ScriptedTurn {
  const text = context.input.turns[context.sent]?.user ?? '';
  const rendered = context.input.renderUser?.(context.sent + 1, text, context.vars) ?? { text };
  return 'error' in rendered ? { text: '', error: rendered.error } : { text: rendered.text, error: null };
}
