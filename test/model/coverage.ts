import { expect } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { listTransitions, stateNodesOf } from '../../src/diagrams/transitions.js';

/** What the executed paths of one machine reached. */
export interface Reached {
  transitions: Iterable<string>;
  states: Iterable<string>;
}

/**
 * Prints and asserts that the executed paths entered every state and took every transition of
 * `machine` (both computed from its definition, not from the generated paths).
 */
export function expectFullCoverage(machine: AnyStateMachine, runs: Reached[], summary: string): void {
  const taken = new Set(runs.flatMap((run) => [...run.transitions]));
  const entered = new Set(runs.flatMap((run) => [...run.states]));
  const transitions = listTransitions(machine);
  const states = stateNodesOf(machine.root).filter((node) => node !== machine.root);
  const table = transitions.map((t) => `${taken.has(t.key) ? 'ok     ' : 'MISSING'} ${t.source.id}: ${t.label}`);
  console.log(
    `${machine.id} model coverage: ${summary}; ` +
      `${states.filter((s) => entered.has(s.id)).length}/${states.length} states, ` +
      `${transitions.filter((t) => taken.has(t.key)).length}/${transitions.length} transitions\n  ${table.join('\n  ')}`,
  );
  expect(states.map((s) => s.id).filter((id) => !entered.has(id))).toEqual([]);
  expect(transitions.filter((t) => !taken.has(t.key)).map((t) => `${t.source.id}: ${t.label}`)).toEqual([]);
}
