/**
 * Configs are built the way a user's file is, through parseAgentConfig, so the tests exercise the
 * defaults and validation users get. Conversations opened here are closed by closeAll(), so an
 * assertion that fails mid-test never leaves a socket open.
 */
import { afterEach, expect } from 'vitest';
import { connect, type Conversation, type ConnectOptions } from '../../src/engine/connect.js';
import { parseAgentConfig, type ParseAgentOptions } from '../../src/config/load.js';
import type { AgentConfig } from '../../src/config/types.js';
import { within } from './wait.js';

/** The secret used wherever a test needs one; no error message may ever contain it. */
export const SECRET = 's3cret-Tok3n-xyz';

/** Short timers so failures show within a test's budget; a test overrides what it is about. */
export const FAST = {
  coalesceSeconds: 0.1,
  responseTimeoutSeconds: 3,
  maxTurnSeconds: 10,
} as const;

export function agentConfig(raw: Record<string, unknown>, options: ParseAgentOptions = {}): AgentConfig {
  return parseAgentConfig({ ...FAST, ...raw }, { env: {}, ...options });
}

export interface ConversationPool {
  connect(config: AgentConfig, options?: ConnectOptions): Promise<Conversation>;
  closeAll(): Promise<void>;
}

export function conversationPool(): ConversationPool {
  const open = new Set<Conversation>();
  return {
    async connect(config, options) {
      const conversation = await connect(config, options);
      open.add(conversation);
      // An ended conversation needs no close (and its actor would warn about the event).
      void conversation.done.then(() => open.delete(conversation));
      return conversation;
    },
    async closeAll() {
      const closing = [...open].map((conversation) => within(conversation.close(), 5_000, 'conversation.close()'));
      open.clear();
      await Promise.allSettled(closing);
    },
  };
}

/**
 * Per-file cleanup for conversation tests: `pool` connects conversations and `keep` registers a
 * server; after each test every conversation is closed, then every server.
 */
export function useConversationCleanup(): { pool: ConversationPool; keep: <T extends { close(): Promise<void> }>(server: T) => T } {
  const pool = conversationPool();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await pool.closeAll();
    await Promise.allSettled(closers.splice(0).map((close) => close()));
  });
  return {
    pool,
    keep: (server) => {
      closers.push(() => server.close());
      return server;
    },
  };
}

/** The message of a failure must begin with its README "Error codes" prefix and never show the secret. */
export function expectCleanMessage(message: string, prefix: string, secret = SECRET): void {
  expect(message.startsWith(prefix), `"${message}" should begin with "${prefix}"`).toBe(true);
  expect(message).not.toContain(secret);
}
