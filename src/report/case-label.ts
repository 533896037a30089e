import type { SimulationResult } from '../../machines/types.js';

/** `opening-hours`, or `opening-hours #2` when the case ran more than once. */
export function caseLabel(result: Pick<SimulationResult, 'caseId' | 'iteration'>, repeated: boolean): string {
  return repeated ? `${result.caseId} #${result.iteration}` : result.caseId;
}
