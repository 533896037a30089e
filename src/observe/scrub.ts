/**
 * Turns anything an actor holds (snapshots, events, inputs) into plain JSON that is safe to show:
 * the socket/setup plans become a masked summary, functions and actor refs are dropped, cycles are
 * cut, and every string goes through the redactors of the plans seen (README "Error codes": secrets never
 * appear in traces or the inspector).
 */
import isObjectLike from 'lodash-es/isObjectLike.js';
import isString from 'lodash-es/isString.js';
import pickBy from 'lodash-es/pickBy.js';
import { maskHeaders, Redactor } from '../redact.js';

/** Deeper than any snapshot of ours; stops runaway structures. */
const MAX_DEPTH = 24;
/**
 * Longest array shown in full. A supervisor's snapshot holds its whole job queue, and it is traced
 * at every start and finish: uncapped, a long run's trace would grow with the square of its size.
 */
const MAX_ITEMS = 100;
const DROP = Symbol('drop');

/** Something that carries a conversation's credentials: a SocketPlan or SetupPlan, live or already JSON-ified. */
interface PlanLike {
  url: string;
  headers: Record<string, unknown>;
  method?: unknown;
  redactor: unknown;
}

/** Any object, arrays and class instances included: everything a snapshot may hold. */
const isRecord = isObjectLike as (value: unknown) => value is Record<string, unknown>;

function isPlan(value: Record<string, unknown>): value is Record<string, unknown> & PlanLike {
  return typeof value.url === 'string' && isRecord(value.headers) && 'redactor' in value;
}

function isActorRef(value: Record<string, unknown>): boolean {
  return typeof value.send === 'function' && typeof value.getSnapshot === 'function' && typeof value.sessionId === 'string';
}

/** A live machine snapshot references its machine and state nodes; only its data is of interest. */
function isMachineSnapshot(value: Record<string, unknown>): boolean {
  return 'machine' in value && '_nodes' in value && 'status' in value;
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  return pickBy(headers, isString);
}

/** What an inspector or trace shows of a snapshot: its data, not its machinery. */
export function snapshotData(snapshot: unknown): Record<string, unknown> {
  if (!isRecord(snapshot)) return {};
  const out: Record<string, unknown> = {};
  for (const key of ['status', 'value', 'context', 'input', 'output', 'error'] as const) {
    if (snapshot[key] !== undefined) out[key] = snapshot[key];
  }
  if (isRecord(snapshot.children)) out.children = Object.keys(snapshot.children);
  return out;
}

/** Scrubs values for output; remembers the secrets of every plan it has seen. */
export class Scrubber {
  /** Credential header values of every plan seen so far: later events no longer carry the plan. */
  readonly #seen = new Redactor();

  /** A JSON-safe copy of `value` with plans summarised and secrets masked. */
  scrub(value: unknown): unknown {
    // First the plans anywhere in the value, so a secret is known before any string is copied.
    const local = new Set<Redactor>();
    this.#collect(value, new Set(), 0, local);
    const redact = (text: string) => {
      let out = this.#seen.redact(text);
      for (const redactor of local) out = redactor.redact(out);
      return out;
    };
    const copied = this.#copy(value, [], 0, redact);
    return copied === DROP ? null : copied;
  }

  #collect(value: unknown, seen: Set<object>, depth: number, local: Set<Redactor>): void {
    if (!isRecord(value) || seen.has(value) || depth > MAX_DEPTH) return;
    seen.add(value);
    if (isPlan(value)) {
      this.#seen.addHeaders(stringHeaders(value.headers));
      if (value.redactor instanceof Redactor) local.add(value.redactor);
      return;
    }
    if (isActorRef(value)) return;
    const source = isMachineSnapshot(value) ? snapshotData(value) : value;
    for (const child of Array.isArray(source) ? source : Object.values(source)) this.#collect(child, seen, depth + 1, local);
  }

  #copy(value: unknown, ancestors: object[], depth: number, redact: (text: string) => string): unknown {
    switch (typeof value) {
      case 'string':
        return redact(value);
      case 'number':
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'undefined':
      case 'function':
      case 'symbol':
        return DROP;
    }
    if (value === null) return null;
    const object = value as Record<string, unknown>;
    if (ancestors.includes(object)) return '[Circular]';
    if (depth > MAX_DEPTH) return '[Truncated]';
    if (isActorRef(object) || object instanceof Redactor) return DROP;
    if (isPlan(object)) {
      const summary: Record<string, unknown> = { url: object.url, headers: maskHeaders(stringHeaders(object.headers)) };
      if (typeof object.method === 'string') summary.method = object.method;
      return this.#copy(summary, ancestors, depth, redact);
    }
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return `[binary, ${object.byteLength} bytes]`;
    if (object instanceof Error) {
      const code = (object as { code?: unknown }).code;
      return this.#copy({ name: object.name, message: object.message, ...(code === undefined ? {} : { code }) }, ancestors, depth, redact);
    }
    const inner = [...ancestors, object];
    if (Array.isArray(object) || object instanceof Set) {
      const items = [...object];
      const shown = items.slice(0, MAX_ITEMS).map((item) => {
        const copied = this.#copy(item, inner, depth + 1, redact);
        return copied === DROP ? null : copied;
      });
      return items.length > MAX_ITEMS ? [...shown, `[… ${items.length - MAX_ITEMS} more]`] : shown;
    }
    const entries = object instanceof Map ? [...object.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(isMachineSnapshot(object) ? snapshotData(object) : object);
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const copied = this.#copy(item, inner, depth + 1, redact);
      if (copied !== DROP) out[redact(key)] = copied;
    }
    return out;
  }
}
