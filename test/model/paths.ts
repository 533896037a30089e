/**
 * Path generation from a machine graph with xstate/graph's TestModel, and the loop that plays a
 * path against an engine. `createTestModel` refuses machines with invoke/after, so the TestModel is
 * built directly: concrete events come from a generator, and states are compared through an
 * abstraction of the snapshot (the value plus the few context facts the guards read), which keeps
 * the graph finite although the context holds clocks, counters and transcripts.
 */
import { expect } from 'vitest';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { TestModel, type TestPath } from 'xstate/graph';

export type ModelPath = TestPath<AnyMachineSnapshot, AnyEventObject>;

export interface ModelSpec {
  machine: AnyStateMachine;
  input: unknown;
  /** Concrete events worth trying in this state. */
  events: (snapshot: AnyMachineSnapshot) => AnyEventObject[];
  /** What must be equal between model and engine after every step. */
  abstract: (snapshot: AnyMachineSnapshot) => string;
}

/** Event types the snapshot's active state nodes (ancestors included) have transitions for. */
export function handledEventTypes(snapshot: AnyMachineSnapshot): Set<string> {
  return new Set(snapshot._nodes.flatMap((node) => [...node.transitions.keys()]));
}

/** Keeps the candidate events the snapshot handles; `xstate.done.actor.*`-style wildcards count. */
export function handledOf(snapshot: AnyMachineSnapshot, candidates: AnyEventObject[]): AnyEventObject[] {
  const types = [...handledEventTypes(snapshot)];
  return candidates.filter((event) =>
    types.some((type) => type === event.type || (type.endsWith('.*') && event.type.startsWith(type.slice(0, -1)))),
  );
}

/**
 * Shortest paths to every *transition* of the abstract graph, not just every state: a vertex is
 * "state reached by event from state", the serialisation trick createTestModel uses, so self-loops
 * (a dropped frame, a queued message) each get a path too. Paths that are prefixes of longer ones
 * are dropped by TestModel.
 */
export function transitionPaths(spec: ModelSpec): ModelPath[] {
  const model = new TestModel<AnyMachineSnapshot, AnyEventObject, unknown>(spec.machine, {
    input: spec.input,
    events: spec.events,
    serializeState: (state, event, previous) =>
      event && previous ? `${spec.abstract(state)} <- ${JSON.stringify(event)} <- ${spec.abstract(previous)}` : spec.abstract(state),
    stopWhen: (state) => state.status !== 'active',
  });
  return model.getShortestPaths();
}

/** Something that can play a model event on a running engine and show the engine's snapshot. */
export interface EngineWorld {
  /** Makes `event` happen to the engine (from the model's `from` state) and resolves once processed. */
  play(event: AnyEventObject, from: AnyMachineSnapshot): Promise<void>;
  snapshot(): AnyMachineSnapshot;
}

/**
 * Plays `path` on `world`, asserting after the initial state and after every step that the
 * engine's abstract state equals the model's. A failure message ends with the path, step by step.
 */
export async function playPath(path: ModelPath, world: EngineWorld, abstract: (snapshot: AnyMachineSnapshot) => string): Promise<void> {
  let from: AnyMachineSnapshot | undefined;
  const play = async (step: { event: AnyEventObject }) => world.play(step.event, from!);
  const events = Object.fromEntries(
    path.steps.filter((step) => step.event.type !== 'xstate.init').map((step) => [step.event.type, play]),
  );
  await path.test({
    events,
    states: {
      '*': (state) => {
        expect(abstract(world.snapshot()), 'engine state vs model state').toBe(abstract(state));
        from = state;
      },
    },
  });
}

/** A short, readable form of a path for logs: `socket.open → socket.message(text) → after quietPeriod`. */
export function describePath(path: ModelPath): string {
  return path.steps
    .slice(1)
    .map(({ event }) => {
      const after = /^xstate\.after\.([^.]+)\./.exec(event.type);
      if (after) return `after ${after[1]}`;
      if (event.type === 'socket.message') return `socket.message(${String(event.class)}${event.ready ? ',ready' : ''})`;
      return event.type;
    })
    .join(' → ');
}
