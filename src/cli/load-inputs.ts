import { loadAgentConfig, loadTestSet } from '../config/load.js';
import type { AgentConfig, TestSet } from '../config/types.js';
import { ConfigError, describeThrown } from '../errors.js';
import { CliExit, EXIT } from './exit-codes.js';

/**
 * Loads every named file and, when any is invalid, ends the command with every problem of every
 * file listed (exit 2) before anything connects: fixing one file should not reveal the next.
 */
export async function loadInputs(files: { agent: string; tests?: string }): Promise<{ agent: AgentConfig; tests: TestSet | null }> {
  const [agent, tests] = await Promise.allSettled([
    loadAgentConfig(files.agent),
    files.tests === undefined ? Promise.resolve(null) : loadTestSet(files.tests),
  ]);
  const problems = [agent, tests].filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason as unknown);
  if (problems.length > 0) throw new CliExit(EXIT.usage, problems.map(describeLoadProblem).join('\n'));
  return { agent: (agent as PromiseFulfilledResult<AgentConfig>).value, tests: (tests as PromiseFulfilledResult<TestSet | null>).value };
}

/** A ConfigError already lists its problems one per line; anything else is one line. */
function describeLoadProblem(problem: unknown): string {
  if (problem instanceof ConfigError) return problem.message;
  return `Cannot load configuration: ${describeThrown(problem)}`;
}
