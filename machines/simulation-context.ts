/**
 * What a simulation knows as it runs, how it starts, and the next scripted turn rendered from it.
 */
import { realClock } from './defaults.js';
import { internalError } from './errors.js';
import type {
  AgentTurn,
  Choice,
  ConversationOutput,
  ErrorInfo,
  ExpectationResult,
  JudgementEntry,
  RenderedUserText,
  SimulationInput,
  StopReason,
  UserTurn,
} from './types.js';

/** A scripted user turn ready to send (`error` null), or why it cannot be sent (`sent.text` then empty). */
export interface ScriptedTurn {
  /** What goes out: the text, and the choice when the turn is a click. */
  sent: { text: string; click?: Choice };
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
  /** Values captured so far, for `{{vars.NAME}}` (README "Captures and more expectations"). */
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
    nextTurn: { sent: { text: '' }, error: null },
  };
}

/** The next scripted turn's text with its captured values in, or why it cannot be sent. */
export function nextScripted(context: SimulationContext): ScriptedTurn {
  const rendered = renderScripted(context);
  return 'error' in rendered ? { sent: { text: '' }, error: rendered.error } : { sent: rendered, error: null };
}

/** A click picks a choice of the previous agent turn; a text has its captured values rendered in. */
function renderScripted(context: SimulationContext): RenderedUserText {
  const scripted = context.input.turns[context.sent];
  if (scripted?.click !== undefined) {
    const previous = context.transcript.findLast((turn): turn is AgentTurn => turn.role === 'agent') ?? null;
    return context.input.pickChoice?.(context.sent + 1, scripted.click, previous) ?? { error: internalError(new Error('click turns need pickChoice')) };
  }
  const text = scripted?.user ?? '';
  return context.input.renderUser?.(context.sent + 1, text, context.vars) ?? { text };
}
