/**
 * Model-based tests of the supervisor machine: every transition-covering path of a two-job run
 * (concurrency 1 and 2) is played on the machine with fake simulation children, comparing the
 * queue, the children alive and the verdict counts after every step.
 */
import { describe, expect, it } from 'vitest';
import { simulationMachine } from '../../machines/simulation.js';
import { supervisorMachine } from '../../machines/supervisor.js';
import { expectFullCoverage } from './coverage.js';
import { childEnding, startChildWorld } from './child-world.js';
import { fakeSimulation } from './fake-children.js';
import { describePath, playPath, transitionPaths } from './paths.js';
import { abstractSupervisor, SUP_VARIANTS, supervisorEvents, supervisorInput, type SupVariant } from './supervisor-model.js';

// The fake stands where a simulation machine is typed; the supervisor only sees its output.
const machine = supervisorMachine.provide({ actors: { simulation: fakeSimulation as unknown as typeof simulationMachine } });

async function playAll(variant: SupVariant) {
  const paths = transitionPaths({ machine: supervisorMachine, input: supervisorInput(variant), events: supervisorEvents, abstract: abstractSupervisor });
  const transitions = new Set<string>();
  const states = new Set<string>();
  const failures: string[] = [];
  for (const path of paths) {
    const world = startChildWorld(machine, () => supervisorInput(variant), childEnding);
    try {
      await playPath(path, world, abstractSupervisor);
      // Cancelling reaches every simulation alive at that moment, and only those.
      const cancelled = [...world.sentToChildren].filter(([, events]) => events.some((e) => e.type === 'sim.cancel'));
      if (!path.steps.some((step) => step.event.type === 'run.cancel')) expect(cancelled).toEqual([]);
    } catch (error) {
      failures.push(`[${variant.name}] ${describePath(path)}\n${String(error)}`);
    } finally {
      world.stop();
    }
    world.recorder.transitions.forEach((key) => transitions.add(key));
    world.recorder.states.forEach((id) => states.add(id));
  }
  return { paths, transitions, states, failures };
}

describe('supervisor machine paths on the engine with fake simulations', () => {
  it('plays every generated path, matching the model after each step, and covers every state and transition', async () => {
    const runs = [];
    for (const variant of SUP_VARIANTS) runs.push(await playAll(variant));
    expect(runs.flatMap((run) => run.failures)).toEqual([]);

    expectFullCoverage(supervisorMachine, runs, `${runs.reduce((n, run) => n + run.paths.length, 0)} paths`);
  }, 60_000);
});
