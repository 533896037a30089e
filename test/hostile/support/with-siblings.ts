/**
 * Runs fault cases between good siblings in one `runTestSet` run, then checks what every fault
 * must leave behind: siblings passed, no connection open on any agent, no handle left in this process.
 */
import { expect } from 'vitest';
import type { RunOptions } from '../../../src/engine/run.js';
import type { HostilePool } from '../agents/pool.js';
import { expectPassed } from './expect-clean.js';
import { handleCounts, leftoverHandles } from './handles.js';
import { runCases, type CaseRun, type CaseSpec } from './run.js';

export interface SiblingRun {
  pools: HostilePool[];
  config: Record<string, unknown>;
  faults: CaseSpec[];
  /** Good cases for the same config's URL. @default `good/first` and `good/last`, two turns each */
  siblings?: CaseSpec[];
  options?: RunOptions;
}

export const defaultSiblings = (prefix = ''): CaseSpec[] => [
  { id: `${prefix}good/first`, turns: ['one', { user: 'two', expect: { contains: 'echo: two' } }] },
  { id: `${prefix}good/last`, turns: ['one', { user: 'two', expect: { contains: 'echo: two' } }] },
];

export async function runWithSiblings({ pools, config, faults, siblings = defaultSiblings(), options = {} }: SiblingRun): Promise<CaseRun> {
  const before = handleCounts();
  const [first, ...rest] = siblings;
  // Faults in the middle, so siblings start before and after them.
  const run = await runCases(config, [...(first ? [first] : []), ...faults, ...rest], options);
  expect(run.summary.total).toBe(siblings.length + faults.length);
  for (const sibling of siblings) expectPassed(run.result(sibling.id));
  for (const pool of pools) await pool.waitForNoConnections();
  expect(await leftoverHandles(before), 'handles left open after the run').toEqual({});
  return run;
}
