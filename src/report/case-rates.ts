import type { SimulationResult } from '../../machines/types.js';

/** How one case fared over its iterations. */
export interface CaseRate {
  caseId: string;
  passed: number;
  total: number;
  /** passed / total, 0 to 1. */
  rate: number;
}

/** Per case id, in the order each id first appears. */
export function caseRates(results: readonly Pick<SimulationResult, 'caseId' | 'verdict'>[]): CaseRate[] {
  const byCase = new Map<string, CaseRate>();
  for (const result of results) {
    const rate = byCase.get(result.caseId) ?? { caseId: result.caseId, passed: 0, total: 0, rate: 0 };
    rate.total += 1;
    if (result.verdict === 'passed') rate.passed += 1;
    rate.rate = rate.passed / rate.total;
    byCase.set(result.caseId, rate);
  }
  return [...byCase.values()];
}

/**
 * Whether a case passes under `--pass-rate`. Compared in whole iterations so that 0.8 of 5 is 4,
 * not a float that lands a hair below it.
 */
export function casePasses(rate: CaseRate, passRate: number): boolean {
  return rate.total > 0 && rate.passed >= Math.ceil(passRate * rate.total - 1e-9);
}

/** `80%`. */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
