import { EventEmitter } from 'node:events';
import { createActor, type Actor } from 'xstate';
import type { AgentTurn, Choice, ConversationCommand, ConversationOutput, UserTurn } from '../../machines/types.js';
import { ensureAgentConfig } from '../config/ensure.js';
import type { AgentConfig } from '../config/types.js';
import { agentClosed, cancelled, ParleyError, thrownErrorInfo } from '../errors.js';
import type { Redactor } from '../redact.js';
import { planConversation, type PlanOptions } from './plan.js';
import { loadTransport } from '../transport/transport-actor.js';
import { liveConversationMachine } from './provided.js';

export interface ConnectOptions extends PlanOptions {
  /** Sees every delivered agent turn from the start, the opening turn included. */
  onAgentTurn?: (turn: AgentTurn) => void;
}

interface Pending {
  resolve: (turn: AgentTurn) => void;
  reject: (error: ParleyError) => void;
}

/**
 * A live conversation with an agent (README "Library"). Emits `agentTurn` for every delivered turn and
 * `userTurn` for every sent message.
 */
export class Conversation extends EventEmitter<{ agentTurn: [AgentTurn]; userTurn: [UserTurn] }> {
  /** `{{simulation.id}}` of this conversation. */
  readonly id: string;
  /** Every turn so far, in order. */
  readonly transcript: Array<AgentTurn | UserTurn> = [];
  readonly #actor: Actor<typeof liveConversationMachine>;
  /** Replies awaited by send(), by the seq they answer; made on the first send (an idle conversation holds none). */
  #pending: Map<number, Pending> | null = null;
  /** User messages submitted so far; the machine sends them in this order, so this is the next seq. */
  #submitted = 0;
  #closedByUser = false;
  readonly #done: Promise<ConversationOutput>;
  readonly #redactor: Redactor;

  /** @internal Use {@link connect}. */
  constructor(actor: Actor<typeof liveConversationMachine>, id: string, redactor: Redactor) {
    super();
    this.#actor = actor;
    this.id = id;
    this.#redactor = redactor;
    // One listener and one observer per conversation: 10,000 idle ones are held in memory at once.
    actor.on('*', (event) => {
      if (event.type === 'conversation.turn') this.#onTurn(event.turn);
      else if (event.type === 'conversation.sent') {
        this.transcript.push(event.turn);
        this.emit('userTurn', event.turn);
      }
    });
    this.#done = new Promise((resolve) => {
      const end = (output: ConversationOutput) => {
        this.#rejectAll(output);
        resolve(output);
      };
      actor.subscribe({
        complete: () => end(actor.getSnapshot().output!),
        // A bug inside the engine still ends the conversation, so close() and send() never hang.
        error: (error) => end(crashedOutput(actor, error)),
      });
    });
  }

  #onTurn(turn: AgentTurn): void {
    this.transcript.push(turn);
    this.emit('agentTurn', turn);
    if (turn.replyTo === null || !this.#pending) return;
    this.#pending.get(turn.replyTo)?.resolve(turn);
    this.#pending.delete(turn.replyTo);
  }

  #rejectAll(output: ConversationOutput): void {
    const error = this.#closedByUser
      ? ParleyError.from(cancelled('the conversation was closed by the caller (close()) before the reply arrived'))
      : endedError(output);
    for (const pending of this.#pending?.values() ?? []) pending.reject(error);
    this.#pending = null;
  }

  /** Masks this conversation's secrets (configured, and rendered from env or setup) in `text`. */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }

  /** The conversation's state value, e.g. `{ session: 'idle' }`. */
  get state(): unknown {
    return this.#actor.getSnapshot().value;
  }

  /** Drop counts and timings so far. */
  get stats(): Pick<ConversationOutput, 'dropped' | 'timings'> {
    const { context } = this.#actor.getSnapshot();
    return { dropped: { ...context.dropped }, timings: { ...context.timings } };
  }

  /**
   * Sends a user message and resolves with the agent turn that answers it. Messages sent while a
   * reply is being collected wait their turn, in order. A timed-out reply resolves with
   * `timedOut: true`; only a closed or failed conversation rejects.
   */
  send(text: string): Promise<AgentTurn> {
    return this.#submit({ type: 'user.message', text });
  }

  /**
   * Clicks a choice the agent offered (README "Buttons, cards and clicks"): sends it through `messages.clickTemplate` (else
   * the send template, with its payload as the message) and resolves with the reply, like send().
   */
  click(choice: Choice): Promise<AgentTurn> {
    return this.#submit({ type: 'user.message', text: choice.title, click: { title: choice.title, payload: choice.payload } });
  }

  #submit(message: Extract<ConversationCommand, { type: 'user.message' }>): Promise<AgentTurn> {
    const snapshot = this.#actor.getSnapshot();
    if (snapshot.status !== 'active') return Promise.reject(this.#closedByUser ? closedByCaller() : endedError(snapshot.output!));
    if (this.#closedByUser) return Promise.reject(closedByCaller());
    const seq = ++this.#submitted;
    return new Promise((resolve, reject) => {
      (this.#pending ??= new Map()).set(seq, { resolve, reject });
      this.#actor.send(message);
    });
  }

  /** Closes the socket (delivering any partial turn) and resolves with the conversation's outcome. */
  async close(): Promise<ConversationOutput> {
    this.#closedByUser = true;
    if (this.#actor.getSnapshot().status === 'active') this.#actor.send({ type: 'conversation.close' });
    return this.#done;
  }

  /** Resolves when the conversation has ended, however it ended. */
  get done(): Promise<ConversationOutput> {
    return this.#done;
  }
}

function crashedOutput(actor: Actor<typeof liveConversationMachine>, error: unknown): ConversationOutput {
  const { context } = actor.getSnapshot();
  return {
    status: 'failed',
    error: thrownErrorInfo(error),
    close: null,
    closedBy: null,
    ready: context.acceptsMessages,
    dropped: context.dropped,
    timings: context.timings,
  };
}

/** send() after the caller's own close(): not the agent's doing, whatever close code came back. */
function closedByCaller(): ParleyError {
  return ParleyError.from(cancelled('the conversation was closed by the caller (close() was called before send())'));
}

export function endedError(output: ConversationOutput): ParleyError {
  if (output.error) return ParleyError.from(output.error);
  if (output.closedBy === 'client') return closedByCaller();
  return ParleyError.from(agentClosed(output.close));
}

/**
 * Connects to an agent and resolves once the conversation is idle: setup, connect and handshake
 * done, and any opening turn delivered. Rejects with a {@link ParleyError} carrying the README "Error codes" code.
 */
export async function connect(config: AgentConfig | Record<string, unknown>, options: ConnectOptions = {}): Promise<Conversation> {
  const agent = ensureAgentConfig(config);
  await loadTransport(agent);
  const plan = planConversation(agent, options);
  const actor = createActor(liveConversationMachine, { input: plan.input });
  const conversation = new Conversation(actor, plan.simulationId, plan.redactor);
  if (options.onAgentTurn) conversation.on('agentTurn', options.onAgentTurn);
  const idle = new Promise<void>((resolve, reject) => {
    const subscription = actor.subscribe({
      next: (snapshot) => {
        if (snapshot.matches({ session: 'idle' })) {
          subscription.unsubscribe();
          resolve();
        } else if (snapshot.status === 'done') {
          subscription.unsubscribe();
          reject(endedError(snapshot.output!));
        }
      },
      error: (error) => reject(error),
    });
  });
  actor.start();
  await idle;
  return conversation;
}
