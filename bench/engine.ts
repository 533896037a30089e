/** The engine side of the rows, through the public API exactly as a user would call it. */
import { parseAgentConfig, parseTestSet, type AgentConfig, type TestSet } from '../src/index.js';

export interface EngineConfigOptions {
  /** @default 0 (every text message is its own turn) */
  coalesceSeconds?: number;
  /** @default 15 (the product default) */
  keepaliveSeconds?: number;
}

/** A validated config for the bench agent at `url`; validated once, so the engine's per-config caches apply. */
export function engineConfig(url: string, options: EngineConfigOptions = {}): AgentConfig {
  return parseAgentConfig({
    name: 'bench',
    connection: { url, keepaliveSeconds: options.keepaliveSeconds ?? 15 },
    coalesceSeconds: options.coalesceSeconds ?? 0,
  });
}

/**
 * One case of `turns` user turns, each expecting its own echo (so a mixed-up reply fails the run),
 * or with `expect: false` none (the lateness row counts a reply split by a late message itself).
 */
export function engineTestSet(turns: number, options: { expect?: boolean } = {}): TestSet {
  const expect = options.expect ?? true;
  return parseTestSet({
    name: 'bench',
    cases: [{ id: 'bench', turns: Array.from({ length: turns }, (_, i) => ({ user: `turn ${i + 1}`, ...(expect ? { expect: { contains: `turn ${i + 1}` } } : {}) })) }],
  });
}
