import type { TestSet } from '../config/types.js';
import { didYouMean } from '../suggest.js';
import { usageError } from './exit-codes.js';
import { describeThrown } from '../errors.js';

/** `--case` and `--grep`: which cases to run. */
export interface CaseFilter {
  /** Exact case ids (`--case`, repeatable). */
  case?: string[];
  /** A regular expression over case ids, case-insensitive (`--grep`). */
  grep?: string;
}

/**
 * The test set with only the cases asked for, in file order. Without a filter, all of them. An
 * unknown id, a bad pattern, or a filter that keeps nothing is a usage error (exit 2), not an
 * empty run that passes.
 */
export function selectCases(testSet: TestSet, filter: CaseFilter): TestSet {
  const ids = filter.case ?? [];
  if (ids.length === 0 && filter.grep === undefined) return testSet;
  const known = testSet.cases.map((testCase) => testCase.id);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const guess = didYouMean(id, known);
    throw usageError(`--case ${id}: no such case in the test set${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  const pattern = filter.grep === undefined ? null : compileGrep(filter.grep);
  const cases = testSet.cases.filter((testCase) => (ids.length === 0 || ids.includes(testCase.id)) && (!pattern || pattern.test(testCase.id)));
  if (cases.length === 0) throw usageError(`--grep ${filter.grep}: no case id matches (ids: ${known.join(', ')})`);
  return { ...testSet, cases };
}

function compileGrep(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw usageError(`--grep ${source}: invalid regular expression (${describeThrown(error)})`);
  }
}
