import { createRequire } from 'node:module';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { answerFor } from './answers.js';
import { paced, type LibraryContext, type LibraryProfile } from './standalone.js';

const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;

/**
 * graphql checks that a schema comes from its own copy of the module. graphql-ws imports graphql
 * as Node resolves it (the CommonJS build); a bundler or vitest may hand this file the ESM build,
 * which graphql-ws would refuse ("from another module or realm"). Requiring it pins the same copy.
 */
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** A chat API as GraphQL teams write it: replies on a subscription, user messages as a mutation. */
const schema = buildSchema(`
  type Message { text: String!, role: String! }
  type Query { health: String }
  type Mutation { sendMessage(conversationId: ID!, text: String!): Boolean }
  type Subscription { messages(conversationId: ID!): Message }
`);

/**
 * Per-conversation message queues. Replies wait in the queue until the subscription reads them,
 * so a mutation that overtakes the subscribe (graphql-ws runs operations concurrently) loses nothing.
 */
class Conversations {
  private readonly queues = new Map<string, { items: unknown[]; wake: (() => void) | null }>();

  private queue(id: string) {
    let queue = this.queues.get(id);
    if (!queue) this.queues.set(id, (queue = { items: [], wake: null }));
    return queue;
  }

  publish(id: string, message: unknown): void {
    const queue = this.queue(id);
    queue.items.push(message);
    queue.wake?.();
  }

  async *subscribe(id: string, signal: { done: boolean }): AsyncGenerator<{ messages: unknown }> {
    const queue = this.queue(id);
    try {
      while (!signal.done) {
        const next = queue.items.shift();
        if (next !== undefined) yield { messages: next };
        else await new Promise<void>((resolve) => (queue.wake = resolve));
      }
    } finally {
      this.queues.delete(id);
    }
  }

  /** Wakes every waiting subscription so it can see that the server stopped. */
  wakeAll(): void {
    for (const queue of this.queues.values()) queue.wake?.();
  }
}

/** The graphql profile: the `graphql-ws` server library (subprotocol graphql-transport-ws). */
export function graphqlProfile(): LibraryProfile {
  return {
    entry: { scheme: 'ws', path: '/graphql' },
    attach({ http, tracker, timeScale }: LibraryContext) {
      const wss = new WebSocketServer({ server: http, path: '/graphql' });
      const conversations = new Conversations();
      const stopped = { done: false };
      // One pacer per conversation: conversations running side by side never wait on each other.
      const pacers = new Map<string, ReturnType<typeof paced>>();
      const pacerOf = (id: string) => pacers.get(id) ?? pacers.set(id, paced(timeScale)).get(id)!;
      wss.on('connection', (ws) => {
        const log = tracker.opened();
        ws.on('message', (data) => log.push(JSON.parse(String(data)) as unknown));
        ws.on('close', () => tracker.closed());
      });
      const roots = {
        mutation: {
          sendMessage: ({ conversationId, text }: { conversationId: string; text: string }) => {
            answerFor(text).forEach((reply, index) =>
              pacerOf(conversationId).after(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, () => conversations.publish(conversationId, { text: reply, role: 'bot' })),
            );
            return true;
          },
        },
        subscription: {
          messages: ({ conversationId }: { conversationId: string }) => conversations.subscribe(conversationId, stopped),
        },
      };
      const server = useServer({ schema, roots }, wss);
      return async () => {
        stopped.done = true;
        for (const pacer of pacers.values()) pacer.stop();
        conversations.wakeAll();
        for (const client of wss.clients) client.terminate();
        await server.dispose();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      };
    },
  };
}
