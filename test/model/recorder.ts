import type { AnyEventObject, AnyMachineSnapshot, InspectionEvent } from 'xstate';
import { waitUntil } from '../helpers/wait.js';
import { transitionKey } from '../../src/diagrams/transitions.js';

/**
 * Watches one engine actor through XState inspection: which transitions it really took and which
 * state nodes it really entered (transient ones included, since microsteps are reported), and
 * every event it finished processing. Only the root actor counts; its children are the world.
 */
export class EngineRecorder {
  readonly transitions = new Set<string>();
  readonly states = new Set<string>();
  readonly processed: AnyEventObject[] = [];

  readonly inspect = (event: InspectionEvent): void => {
    if (event.actorRef.sessionId !== event.rootId) return;
    if (event.type === '@xstate.microstep') {
      for (const transition of event._transitions) {
        this.transitions.add(transitionKey(transition));
        // A state left within the same microstep it was entered in (a transient one, like
        // `starting`) is in no snapshot; having taken a transition out of it proves it was entered.
        this.states.add(transition.source.id);
      }
      this.#visit(event.snapshot as AnyMachineSnapshot);
    } else if (event.type === '@xstate.snapshot') {
      this.#visit(event.snapshot as AnyMachineSnapshot);
      this.processed.push(event.event);
    }
  };

  #visit(snapshot: AnyMachineSnapshot): void {
    for (const node of snapshot._nodes ?? []) this.states.add(node.id);
  }

  /** How many events of this type the actor has finished processing. */
  count(type: string): number {
    return this.processed.filter((event) => event.type === type).length;
  }

  last(): AnyEventObject | undefined {
    return this.processed.at(-1);
  }
}

/** Resolves once `predicate` holds, checked every millisecond; rejects after `ms`. */
export const until = (predicate: () => boolean, ms: number, what: string): Promise<void> => waitUntil(predicate, ms, what, 1);
