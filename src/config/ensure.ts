import { parseAgentConfig } from './load.js';
import type { AgentConfig } from './types.js';
import { isValidated } from './validated.js';

/** Takes a validated config as it is, and validates a plain object the same way a file is. */
export function ensureAgentConfig(config: AgentConfig | Record<string, unknown>): AgentConfig {
  if (isValidated(config)) return config as AgentConfig;
  return parseAgentConfig(config);
}
