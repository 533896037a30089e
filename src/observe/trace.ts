/**
 * `--trace file.jsonl`: every actor event of a run as one JSON line, for debugging after the fact.
 * Lines are written synchronously, like results, so an interrupted run keeps its trace up to the
 * interruption.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolders } from '../make-folders.js';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import { Scrubber, snapshotData } from './scrub.js';
import { describeThrown } from '../errors.js';

/** One line of a trace. `actor` is the path of ids from the root, e.g. `supervisor/sim-1/conversation`. */
export type TraceLine =
  | { seq: number; at: string; kind: 'actor'; actor: string; session: string; parent: string | null; logic: string | null }
  | { seq: number; at: string; kind: 'event'; actor: string; session: string; source: string | null; event: unknown }
  | { seq: number; at: string; kind: 'snapshot'; actor: string; session: string; event: string; snapshot: unknown };

/** A line before it is numbered. */
type Unnumbered = TraceLine extends infer Line ? (Line extends TraceLine ? Omit<Line, 'seq'> : never) : never;

export interface TraceWriter {
  /** Pass as `inspect` to `runTestSet` (or `createActor`). */
  inspect: (event: InspectionEvent) => void;
  /** Closes the file. Throws if a line could not be written (the run itself is never disturbed). */
  close(): void;
}

type Ref = AnyActorRef & { _parent?: Ref; src?: unknown; logic?: { config?: { id?: unknown } } };

/** The root is named after its machine (its id is only a session id); children by their ids. */
function nameOf(ref: Ref): string {
  if (ref._parent) return ref.id;
  const id = ref.logic?.config?.id;
  return typeof id === 'string' ? id : ref.id;
}

/** The logic an actor runs: a machine's id, or the name it was provided under (`socket`, `setup`). */
function logicOf(ref: Ref): string | null {
  const id = ref.logic?.config?.id;
  if (typeof id === 'string') return id;
  return typeof ref.src === 'string' ? ref.src : null;
}

/**
 * Writes every actor created, event received and snapshot taken to `path` (JSONL; the file is
 * replaced, its folder created). Values are made safe by {@link Scrubber}: plans become their URL
 * and masked headers, functions and actor refs are dropped, cycles cut, and any secret of a plan
 * seen is masked wherever it appears.
 */
export function createTraceWriter(path: string): TraceWriter {
  makeFolders(dirname(path));
  let fd: number | null = openSync(path, 'w');
  let failure: unknown = null;
  let seq = 0;
  const scrubber = new Scrubber();
  const paths = new Map<string, string>();

  const pathOf = (ref: Ref): string => {
    let found = paths.get(ref.sessionId);
    if (found === undefined) {
      found = ref._parent ? `${pathOf(ref._parent)}/${nameOf(ref)}` : nameOf(ref);
      paths.set(ref.sessionId, found);
    }
    return found;
  };

  /** The line for an event, numbered by the caller; null for the kinds not traced. */
  const lineOf = (event: InspectionEvent): Unnumbered | null => {
    const ref = event.actorRef as Ref;
    const base = { at: new Date().toISOString(), actor: pathOf(ref), session: ref.sessionId };
    switch (event.type) {
      case '@xstate.actor':
        // Reported while the actor is being built, before it has a snapshot: its input is in the
        // `xstate.init` event that follows, its first state in the snapshot after that.
        return { ...base, kind: 'actor', parent: ref._parent?.sessionId ?? null, logic: logicOf(ref) };
      case '@xstate.event':
        return { ...base, kind: 'event', source: event.sourceRef ? pathOf(event.sourceRef as Ref) : null, event: event.event };
      case '@xstate.snapshot':
        return { ...base, kind: 'snapshot', event: event.event.type, snapshot: snapshotData(event.snapshot) };
      default:
        // Microsteps and actions are implied by the snapshots; they would triple the file.
        return null;
    }
  };

  return {
    inspect(event) {
      if (fd === null || failure !== null) return;
      try {
        const line = lineOf(event);
        if (line) writeSync(fd, `${JSON.stringify(scrubber.scrub({ seq: ++seq, ...line }))}\n`);
      } catch (error) {
        // A full disk must not take the run down with it: stop tracing, report on close.
        failure = error;
      }
    },
    close() {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
      }
      if (failure !== null) throw new Error(`trace ${path} is incomplete: ${describeThrown(failure)}`, { cause: failure });
    },
  };
}
