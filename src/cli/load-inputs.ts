import { checkTestSetAgainstAgent } from '../config/cross-check.js';
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
  const loaded = { agent: (agent as PromiseFulfilledResult<AgentConfig>).value, tests: (tests as PromiseFulfilledResult<TestSet | null>).value };
  // Each file is valid on its own; what the test set asks of the agent config is checked last.
  const issues = loaded.tests ? checkTestSetAgainstAgent(loaded.agent, loaded.tests) : [];
  if (issues.length > 0) throw new CliExit(EXIT.usage, new ConfigError(issues, files.tests).message);
  return loaded;
}

/** A ConfigError already lists its problems one per line; anything else is one line. */
function describeLoadProblem(problem: unknown): string {
  if (problem instanceof ConfigError) return problem.message;
  return `Cannot load configuration: ${describeThrown(problem)}`;
}
