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
