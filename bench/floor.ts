/**
 * The control: the leanest XState design that does the bench's work — one machine, one socket
 * actor, no timers, a context holding only the URL, two transitions per turn. It reads frames as raw ws does. What it
 * costs beside raw ws is the floor XState itself sets; the engine is measured against both.
 */
import WebSocket from 'ws';
import { createActor, emit, fromCallback, sendTo, setup, type Actor } from 'xstate';
import { RAW_OPTIONS } from './raw.js';
import { within } from './util.js';

type SocketCommand = { type: 'socket.send'; text: string } | { type: 'socket.close' };
type FloorEvent =
  | { type: 'socket.open' }
  | { type: 'socket.message'; text: string }
  | { type: 'socket.closed' }
  | { type: 'user.message'; text: string }
  | { type: 'conversation.close' };
type FloorEmitted = { type: 'ready' } | { type: 'reply'; text: string };

const floorSocket = fromCallback<SocketCommand, string>(({ input: url, sendBack, receive }) => {
  const ws = new WebSocket(url, RAW_OPTIONS);
  ws.on('open', () => sendBack({ type: 'socket.open' }));
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) return;
    const frame = JSON.parse(data.toString()) as { type?: unknown; text?: unknown };
    if (frame.type === 'message' && typeof frame.text === 'string') sendBack({ type: 'socket.message', text: frame.text });
  });
  ws.on('close', () => sendBack({ type: 'socket.closed' }));
  ws.on('error', () => ws.terminate());
  receive((command) => {
    if (command.type === 'socket.send') ws.send(JSON.stringify({ type: 'message', text: command.text }));
    else ws.close(1000, 'done');
  });
  return () => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  };
});

export const floorMachine = setup({
  types: { input: {} as string, context: {} as { url: string }, events: {} as FloorEvent, emitted: {} as FloorEmitted },
  actors: { socket: floorSocket },
}).createMachine({
  id: 'floor',
  context: ({ input }) => ({ url: input }),
  invoke: { id: 'socket', src: 'socket', input: ({ context }) => context.url },
  initial: 'connecting',
  on: {
    'conversation.close': { actions: sendTo('socket', { type: 'socket.close' }) },
    'socket.closed': '.closed',
  },
  states: {
    connecting: { on: { 'socket.open': { target: 'idle', actions: emit({ type: 'ready' }) } } },
    idle: {
      on: { 'user.message': { target: 'waiting', actions: sendTo('socket', ({ event }) => ({ type: 'socket.send', text: event.text })) } },
    },
    waiting: { on: { 'socket.message': { target: 'idle', actions: emit(({ event }) => ({ type: 'reply' as const, text: event.text })) } } },
    closed: { type: 'final' },
  },
});

/** The floor as a request/response client, the same shape as `RawClient`. */
export class FloorClient {
  #waiting: ((text: string) => void) | null = null;

  private constructor(readonly actor: Actor<typeof floorMachine>) {
    actor.on('reply', ({ text }) => {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.(text);
    });
  }

  static open(url: string): Promise<FloorClient> {
    const actor = createActor(floorMachine, { input: url });
    const client = new FloorClient(actor);
    const ready = new Promise<FloorClient>((resolve, reject) => {
      actor.on('ready', () => resolve(client));
      actor.subscribe({ complete: () => reject(new Error(`bench: the floor socket to ${url} closed before it opened`)) });
    });
    actor.start();
    return ready;
  }

  /** Sends one message and resolves with the text of the next text reply. */
  ask(text: string): Promise<string> {
    return new Promise((resolve) => {
      this.#waiting = resolve;
      this.actor.send({ type: 'user.message', text });
    });
  }

  close(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      if (this.actor.getSnapshot().status !== 'active') return resolve();
      this.actor.subscribe({ complete: () => resolve() });
    });
    this.actor.send({ type: 'conversation.close' });
    return within(done, 5_000, 'closing a floor conversation');
  }
}
