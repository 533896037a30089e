import type { SimulationResult } from '../../machines/types.js';
import { caseLabel } from './case-label.js';
import { failureDetails } from './failures.js';

/** Failing simulations of one case that went wrong in exactly the same way. */
export interface FailureGroup {
  /** The first of them, shown for all. */
  result: SimulationResult;
  /** Every iteration in the group, ascending. */
  iterations: number[];
}

/**
 * A case that fails the same way on every iteration is one entry, not thirty: failures of one
 * case with the same verdict and the same details (codes and messages) are grouped, in the order
 * their first one comes.
 */
export function groupFailures(failures: readonly SimulationResult[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const result of failures) {
    const details = failureDetails(result).map((detail) => `${detail.code}\u0000${detail.message}`);
    const key = JSON.stringify([result.caseId, result.verdict, details]);
    const group = groups.get(key);
    if (group) group.iterations.push(result.iteration);
    else groups.set(key, { result, iterations: [result.iteration] });
  }
  return [...groups.values()].map((group) => ({ ...group, iterations: group.iterations.sort((a, b) => a - b) }));
}

/** `refund #2`, or for a group `refund #1–#30: same failure ×30` (`#1, #4, #9` when not a run of iterations). */
export function groupLabel(group: FailureGroup, repeated: boolean): string {
  const { iterations, result } = group;
  if (iterations.length === 1) return caseLabel(result, repeated);
  const first = iterations[0]!;
  const last = iterations.at(-1)!;
  const span = last - first + 1 === iterations.length ? `#${first}–#${last}` : iterations.map((iteration) => `#${iteration}`).join(', ');
  return `${result.caseId} ${span}: same failure ×${iterations.length}`;
}
