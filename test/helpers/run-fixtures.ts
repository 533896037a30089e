import { parseAgentConfig, parseTestSet } from '../../src/config/load.js';
import type { AgentConfig, TestSet } from '../../src/config/types.js';

/**
 * An agent config as a user writes it (the plain object of a parsed file). Short coalescing and no
 * keepalive keep runs fast; tests override what they are about.
 */
export function rawAgentConfig(url: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { connection, ...rest } = overrides as { connection?: Record<string, unknown> };
  return {
    connection: { url, keepaliveSeconds: 0, connectTimeoutSeconds: 5, ...connection },
    coalesceSeconds: 0.05,
    responseTimeoutSeconds: 5,
    ...rest,
  };
}

/** The same config through validation, as `loadAgentConfig` would give it. */
export function agentConfigFor(url: string, overrides: Record<string, unknown> = {}): AgentConfig {
  return parseAgentConfig(rawAgentConfig(url, overrides));
}

/** `count` cases `c1..cN`, each with the given turns. */
export function manyCases(count: number, turns: unknown[] = ['hello']): TestSet {
  return parseTestSet({ cases: Array.from({ length: count }, (_, i) => ({ id: `c${i + 1}`, turns })) });
}

