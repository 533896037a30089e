/**
 * Plays model events on a machine whose world is its children (the simulation's conversation,
 * the supervisor's simulations), replaced by the fakes of fake-children.ts, on a SteppingClock.
 */
import { createActor, type AnyActorRef, type AnyEventObject, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { SteppingClock } from './clock.js';
import type { FakeChildCommand } from './fake-children.js';
import type { EngineWorld } from './paths.js';
import { EngineRecorder, until } from './recorder.js';

const WAIT_MS = 2_000;

/** Which child must act for a model event to happen, and how; null: the event is sent to the machine. */
export type Route = (event: AnyEventObject) => { child: string; command: FakeChildCommand } | null;

/** A done or error event about a child is produced by that child finishing or crashing. */
export const childEnding: Route = (event) => {
  const done = /^xstate\.done\.actor\.(.+)$/.exec(event.type);
  if (done) return { child: done[1]!, command: { type: 'fake.done', output: (event as { output?: unknown }).output } };
  const error = /^xstate\.error\.actor\.(.+)$/.exec(event.type);
  if (error) return { child: error[1]!, command: { type: 'fake.crash' } };
  return null;
};

export interface ChildWorld extends EngineWorld {
  recorder: EngineRecorder;
  clock: SteppingClock;
  /** Every event the machine sent to each child, by child id. */
  sentToChildren: Map<string, AnyEventObject[]>;
  stop(): void;
}

export function startChildWorld(machine: AnyStateMachine, input: (clock: SteppingClock) => unknown, route: Route): ChildWorld {
  const clock = new SteppingClock();
  const recorder = new EngineRecorder();
  const sentToChildren = new Map<string, AnyEventObject[]>();
  const actor = createActor(machine, {
    clock,
    input: input(clock),
    inspect: (event) => {
      recorder.inspect(event);
      if (event.type === '@xstate.event' && event.sourceRef?.sessionId === event.rootId && event.actorRef.sessionId !== event.rootId) {
        const id = (event.actorRef as AnyActorRef).id;
        sentToChildren.set(id, [...(sentToChildren.get(id) ?? []), event.event]);
      }
    },
  });
  actor.start();
  return {
    recorder,
    clock,
    sentToChildren,
    snapshot: () => actor.getSnapshot() as AnyMachineSnapshot,
    async play(event) {
      const before = recorder.count(event.type);
      if (event.type.startsWith('xstate.after.')) {
        clock.advanceToNextTimer();
        const fired = recorder.last()?.type;
        if (fired !== event.type) throw new Error(`the model fires ${event.type}, the engine fired ${fired ?? 'nothing'}`);
      } else {
        const routed = route(event);
        if (routed) {
          const child = (actor.getSnapshot() as AnyMachineSnapshot).children[routed.child] as AnyActorRef | undefined;
          if (!child) throw new Error(`no child ${routed.child} is running to produce ${event.type}`);
          child.send(routed.command);
        } else {
          actor.send(event as never);
        }
      }
      await until(() => recorder.count(event.type) > before, WAIT_MS, `the engine to process ${event.type}`);
    },
    stop: () => actor.stop(),
  };
}
