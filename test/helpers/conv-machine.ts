/**
 * Drives the pure conversation machine on XState's SimulatedClock with a fake `socket` actor, so
 * timer logic is checked to the millisecond without any real socket or wall-clock wait.
 */
import { createActor, fromCallback, SimulatedClock, type Actor } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import type { AgentTurn, ConversationReport, HandshakeStepPlan, SocketCommand, UserTurn } from '../../machines/types.js';

export interface ClockTimeouts {
  connectMs?: number;
  handshakeMs?: number;
  quietMs?: number;
  responseMs?: number;
  maxTurnMs?: number;
}

export interface MachineHarness {
  clock: SimulatedClock;
  actor: Actor<typeof conversationMachine>;
  /** Every command the conversation gave its socket, in order. */
  commands: SocketCommand[];
  /** Texts the conversation asked the socket to send. */
  sent(): string[];
  turns: AgentTurn[];
  userTurns: UserTurn[];
  reports: ConversationReport[];
  open(): void;
  /** An inbound text frame, as the socket actor would report it after classification; `at` is when the socket delivered it (default: now). */
  text(text: string, at?: number): void;
  ready(): void;
  drop(cls: 'binary' | 'invalidJson' | 'direction' | 'type' | 'noText'): void;
  advance(ms: number): void;
  /**
   * Advances 1 ms at a time until `done` holds, at most `maxMs`. The clock's now() jumps to the end
   * of an increment before due timers run, so exact timestamps need single steps.
   */
  advanceUntil(done: () => boolean, maxMs: number): void;
  /** The state value as a dotted string, e.g. `session.collecting.receiving`. */
  state(): string;
  stop(): void;
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${flatten(inner)}`;
}

/**
 * Starts a conversation in direct mode (the socket input is a dummy, so provisioning is skipped)
 * at simulated time 0. Defaults make each test state only the timers it is about.
 */
export function startMachine(
  timeouts: ClockTimeouts = {},
  options: { awaitReady?: boolean; steps?: HandshakeStepPlan[] } = {},
): MachineHarness {
  const clock = new SimulatedClock();
  const commands: SocketCommand[] = [];
  const socket = fromCallback<SocketCommand>(({ receive }) => {
    receive((command) => commands.push(command));
  });
  const machine = conversationMachine.provide({ actors: { socket } });
  const actor = createActor(machine, {
    clock,
    input: {
      socket: { fake: true },
      awaitReady: options.awaitReady ?? false,
      ...(options.steps ? { steps: options.steps } : {}),
      timeouts: {
        connectMs: 10_000,
        handshakeMs: 30_000,
        quietMs: 2_000,
        responseMs: 30_000,
        maxTurnMs: 120_000,
        ...timeouts,
      },
      now: () => clock.now(),
    },
  });
  const turns: AgentTurn[] = [];
  const userTurns: UserTurn[] = [];
  const reports: ConversationReport[] = [];
  actor.on('*', (event) => {
    reports.push(event);
    if (event.type === 'conversation.turn') turns.push(event.turn);
    if (event.type === 'conversation.sent') userTurns.push(event.turn);
  });
  actor.start();
  return {
    clock,
    actor,
    commands,
    sent: () => commands.flatMap((command) => (command.type === 'socket.send' ? [command.text] : [])),
    turns,
    userTurns,
    reports,
    open: () => actor.send({ type: 'socket.open' }),
    text: (text, at = clock.now()) => actor.send({ type: 'socket.message', class: 'text', ready: false, text, at }),
    ready: () => actor.send({ type: 'socket.message', class: 'type', ready: true, at: clock.now() }),
    drop: (cls) => actor.send({ type: 'socket.message', class: cls, ready: false, at: clock.now() }),
    advance: (ms) => clock.increment(ms),
    advanceUntil: (done, maxMs) => {
      for (let step = 0; step < maxMs && !done(); step += 1) clock.increment(1);
    },
    state: () => flatten(actor.getSnapshot().value),
    stop: () => actor.stop(),
  };
}
