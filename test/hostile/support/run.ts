/** Runs cases through the real engine (`runTestSet`) and indexes the results by case id. */
import type { SimulationResult } from '../../../machines/types.js';
import { parseTestSet } from '../../../src/config/load.js';
import type { AgentConfig } from '../../../src/config/types.js';
import { runTestSet, type RunOptions } from '../../../src/engine/run.js';
import type { RunSummary } from '../../../src/engine/summary.js';

export interface CaseSpec {
  id: string;
  turns?: Array<string | { user: string; expect?: Record<string, string> }>;
  agentFirst?: boolean;
}

export interface CaseRun {
  summary: RunSummary;
  results: SimulationResult[];
  /** The result of case `id` (throws when there is none, so a typo fails loudly). */
  result(id: string): SimulationResult;
  wallMs: number;
}

export async function runCases(config: AgentConfig | Record<string, unknown>, cases: CaseSpec[], options: RunOptions = {}): Promise<CaseRun> {
  const testSet = parseTestSet({ name: 'hostile', cases: cases.map((c) => ({ turns: ['hello'], ...c })) });
  const results: SimulationResult[] = [];
  const startedAt = performance.now();
  const summary = await runTestSet(config, testSet, {
    ...options,
    onResult: (result) => {
      results.push(result);
      options.onResult?.(result);
    },
  });
  const wallMs = performance.now() - startedAt;
  return {
    summary,
    results,
    wallMs,
    result: (id) => {
      const found = results.find((r) => r.caseId === id);
      if (!found) throw new Error(`no result for case ${id} (have ${results.map((r) => r.caseId).join(', ')})`);
      return found;
    },
  };
}
