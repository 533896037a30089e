/**
 * Model-based tests of the simulation machine: every transition-covering path of small cases
 * (1–2 turns, with and without an opening turn) is played on the machine with a fake conversation
 * child on a simulated clock, comparing state, progress and verdict after every step.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import { simulationMachine } from '../../machines/simulation.js';
import { expectFullCoverage } from './coverage.js';
import { childEnding, startChildWorld, type Route } from './child-world.js';
import { fakeConversation, fakeSimulation } from './fake-children.js';
import { describePath, playPath, transitionPaths } from './paths.js';
import { abstractSimulation, SIM_VARIANTS, simulationEvents, simulationInput, type SimVariant } from './simulation-model.js';

/** Conversation reports come from the conversation child; its end is its done or error. */
const route: Route = (event) =>
  event.type.startsWith('conversation.') ? { child: 'conversation', command: { type: 'fake.report', report: event as never } } : childEnding(event);

// The fake stands where a conversation machine is typed; the simulation only talks to it by events.
// The fakes stand where a conversation machine and promise actors are typed; the simulation only
// talks to them by events and reads their outputs.
const machine = simulationMachine.provide({
  actors: {
    conversation: fakeConversation as unknown as typeof conversationMachine,
    userModel: fakeSimulation as never,
    judge: fakeSimulation as never,
  },
});

async function playAll(variant: SimVariant) {
  const paths = transitionPaths({
    machine: simulationMachine,
    input: simulationInput(variant, () => 0),
    events: simulationEvents,
    abstract: abstractSimulation,
  });
  const transitions = new Set<string>();
  const states = new Set<string>();
  const failures: string[] = [];
  for (const path of paths) {
    const world = startChildWorld(machine, (clock) => simulationInput(variant, () => clock.now()), route);
    try {
      await playPath(path, world, abstractSimulation);
      // What the conversation was told matches the model: one user message per turn sent.
      const snapshot = world.snapshot() as AnyMachineSnapshot;
      const told = world.sentToChildren.get('conversation') ?? [];
      expect(told.filter((e) => e.type === 'user.message').length).toBe((snapshot.context as { sent: number }).sent);
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

describe('simulation machine paths on the engine with a fake conversation', () => {
  it('plays every generated path, matching the model after each step, and covers every state and transition', async () => {
    const runs = [];
    for (const variant of SIM_VARIANTS) runs.push(await playAll(variant));
    expect(runs.flatMap((run) => run.failures)).toEqual([]);

    expectFullCoverage(simulationMachine, runs, `${runs.reduce((n, run) => n + run.paths.length, 0)} paths`);
  }, 60_000);
});
