import { parseAgentConfig } from './load.js';
import type { AgentConfig } from './types.js';

/** Configs that came out of validation; anything else is validated before use. */
const validated = new WeakSet<object>();

/** Records that `config` is a validated, defaulted config. */
export function markValidated<T extends object>(config: T): T {
  validated.add(config);
  return config;
}

/** Takes a validated config as it is, and validates a plain object the same way a file is. */
export function ensureAgentConfig(config: AgentConfig | Record<string, unknown>): AgentConfig {
  if (validated.has(config)) return config as AgentConfig;
  return markValidated(parseAgentConfig(config));
}
