import type { SimulationResult } from '../../machines/types.js';
import type { TestSet } from '../config/types.js';

/**
 * Results in the test set's case order, then by iteration: results arrive in the order their
 * simulations finished, but a reader looks cases up in the order of the file.
 */
export function inCaseOrder(results: readonly SimulationResult[], testSet: TestSet): SimulationResult[] {
  const order = new Map(testSet.cases.map((testCase, index) => [testCase.id, index]));
  return [...results].sort((a, b) => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0) || a.iteration - b.iteration);
}
