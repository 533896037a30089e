import { fromPromise } from 'xstate';
import type { UserModelInput, UserModelOutput } from '../../machines/types.js';
import type { SimulateConfig } from '../config/types.js';
import type { ChatRequest, Complete, ModelSettings } from './client.js';
import { llmFailed } from './errors.js';
import type { AgentTurn } from '../../machines/types.js';
import { findChoice } from '../engine/clicks.js';
import { agentText, type Turn } from './transcript.js';

/** The simulated user's answer when its goal is met or cannot be met; never sent to the agent. */
export const STOP_MARKER = '###STOP###';
/** `###CLICK Refund###`: the simulated user clicks the agent's button with that title (README "Buttons, cards and clicks"). */
const CLICK_MARKER = /###CLICK\s+(.+?)\s*###/;

/** What the `userModel` actor needs for one case; built by the engine, opaque to the machines. */
export interface UserModelPlan {
  complete: Complete;
  /** The model settings only: the key stays inside `complete`, out of traces. */
  llm: ModelSettings;
  simulate: SimulateConfig;
}

/** How often the model may answer only the marker before `minTurns` before we give up. */
const EARLY_STOPS_ALLOWED = 2;

export function systemPrompt(simulate: SimulateConfig): string {
  return [
    'You are playing a user who is chatting with a customer-support agent. Stay in character.',
    `Persona: ${simulate.persona}`,
    `Goal: ${simulate.goal}`,
    'Rules:',
    '- Write exactly one message per turn, in the user\'s voice: only what the user would type, no narration, no quotes, no labels.',
    '- The messages from the agent arrive as the other side of this chat; answer them as the user would.',
    '- When the agent offers buttons, shown as [buttons: A | B], you may click one by answering exactly ###CLICK A### (its title), or type a message instead.',
    `- When the goal has been met, or clearly cannot be met, answer exactly ${STOP_MARKER} and nothing else.`,
  ].join('\n');
}

const KICKOFF = 'The conversation has not started yet. Write your first message to the agent.';
const KEEP_GOING = `Do not stop yet: the conversation must go on. Write your next message to the agent (not ${STOP_MARKER}).`;

/**
 * The role-flipped history (README "Simulated users and judges"): the simulated user's own messages are `assistant`, the
 * agent's replies (its opening turn first, if any) are `user`.
 */
export function userModelRequest(plan: UserModelPlan, transcript: readonly Turn[], nudge?: string): ChatRequest {
  const history = transcript.map((turn) =>
    turn.role === 'user' ? { role: 'assistant' as const, content: turn.click ? `###CLICK ${turn.click.title}###` : turn.text } : { role: 'user' as const, content: agentText(turn) },
  );
  // Chat templates want a user message to answer: the empty start gets a short instruction.
  const opening = history.length === 0 ? [{ role: 'user' as const, content: KICKOFF }] : [];
  const extra = nudge ? [{ role: 'system' as const, content: nudge }] : [];
  return {
    model: plan.llm.model,
    messages: [{ role: 'system', content: systemPrompt(plan.simulate) }, ...opening, ...history, ...extra],
    temperature: plan.llm.temperature,
    ...(plan.llm.seed === undefined ? {} : { seed: plan.llm.seed }),
  };
}

/** A message to send, or the marker; an empty answer is refused (asked once more by the client). */
export function readUserAnswer(answer: string): { stop: boolean; text: string } {
  const stop = answer.includes(STOP_MARKER);
  const text = answer.split(STOP_MARKER).join(' ').trim();
  if (!stop && text === '') throw new Error('an empty message');
  return { stop, text };
}

/**
 * One user turn: the marker stops the conversation once `mayStop`; before that it is ignored —
 * the text around it is sent, and a bare marker is asked again with a reminder to go on.
 */
export async function nextUserMessage(input: UserModelInput, signal?: AbortSignal): Promise<UserModelOutput> {
  const plan = input.plan as UserModelPlan;
  let nudge: string | undefined;
  for (let early = 0; early <= EARLY_STOPS_ALLOWED; early++) {
    const answer = await plan.complete(userModelRequest(plan, input.transcript, nudge), readUserAnswer, signal);
    if (answer.stop && input.mayStop) return { stop: true };
    if (answer.text !== '') return clickOrText(answer.text, input.transcript);
    nudge = KEEP_GOING;
  }
  throw llmFailed(`the simulated user kept answering ${STOP_MARKER} before minTurns (${plan.simulate.minTurns})`);
}

/**
 * A `###CLICK title###` answer clicks that button of the agent's last turn; a title it did not
 * offer is sent as typed text, as a user would type what they could not click.
 */
function clickOrText(text: string, transcript: readonly Turn[]): UserModelOutput {
  const title = CLICK_MARKER.exec(text)?.[1];
  if (title === undefined) return { stop: false, text };
  const offered = transcript.findLast((turn): turn is AgentTurn => turn.role === 'agent')?.choices ?? [];
  const choice = findChoice(offered, title) ?? offered.find((item) => item.title.toLowerCase() === title.toLowerCase());
  return choice ? { stop: false, text: choice.title, click: choice } : { stop: false, text: title };
}

/** The `userModel` actor the simulation machine invokes once per simulated user turn. */
export const userModelActor = fromPromise<UserModelOutput, UserModelInput>(({ input, signal }) => nextUserMessage(input, signal));
