import sortBy from 'lodash-es/sortBy.js';
import type { SimulationResult } from '../../machines/types.js';
import type { TestSet } from '../config/types.js';

/**
 * Results in the test set's case order, then by iteration: results arrive in the order their
 * simulations finished, but a reader looks cases up in the order of the file.
 */
export function inCaseOrder(results: readonly SimulationResult[], testSet: TestSet): SimulationResult[] {
  const order = new Map(testSet.cases.map((testCase, index) => [testCase.id, index]));
  return sortBy(results, [(result) => order.get(result.caseId) ?? 0, 'iteration']);
}

/**
 * Results read back from a file, in the order `run` shows them without the test set at hand:
 * cases in the order the run first started them (the run starts them in the test set's order),
 * then by iteration. Ties keep the file's order.
 */
export function inStartOrder(results: readonly SimulationResult[]): SimulationResult[] {
  const firstStart = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  results.forEach((result, index) => {
    const start = Date.parse(result.startedAt);
    firstStart.set(result.caseId, Math.min(firstStart.get(result.caseId) ?? Infinity, Number.isFinite(start) ? start : Infinity));
    if (!firstSeen.has(result.caseId)) firstSeen.set(result.caseId, index);
  });
  return sortBy(results, [(result) => firstStart.get(result.caseId), (result) => firstSeen.get(result.caseId), 'iteration']);
}
