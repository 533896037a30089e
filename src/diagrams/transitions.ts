/**
 * Every transition of a machine definition, in a stable order, each with a key that names it the
 * same way in any copy of the machine (`provide()` rebuilds the state nodes, so object identity is
 * useless across copies). The diagrams draw these; the model-based tests measure coverage by them.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** How a transition is triggered. */
export type TransitionKind = 'event' | 'after' | 'always';

/** One transition of a machine definition. */
export interface TransitionInfo {
  /** Stable across copies of the machine: `<source id> <event or "always">#<index>`. */
  key: string;
  kind: TransitionKind;
  source: AnyStateNode;
  /** Empty for a targetless transition (actions only, the state stays). */
  targets: AnyStateNode[];
  /** The event type; `''` for an eventless transition. */
  eventType: string;
  /** The delay's name (or ms) of a delayed transition. */
  delay?: string;
  guard?: string;
  actions: string[];
  /** Human-readable trigger, e.g. `socket.open [awaitsReady]`, `after quietPeriod`, `always [hasOutbox]`. */
  label: string;
}

/** The source node and every state node below it, depth first in definition order. */
export function stateNodesOf(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => stateNodesOf(child as AnyStateNode))];
}

/** Name of a guard as written in the machine: `isReady`, `isCurrentReply and timedOut`, `not x`. */
export function guardLabel(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const combined = (guard as { guards?: unknown[] }).guards;
    const name = guard.name;
    if (Array.isArray(combined)) {
      const parts = combined.map(guardLabel);
      if (name === 'not') return `not ${parts[0]}`;
      return parts.join(name === 'or' ? ' or ' : ' and ');
    }
    return name || 'inline guard';
  }
  if (guard && typeof guard === 'object' && 'type' in guard) return String((guard as { type: unknown }).type);
  return 'guard';
}

function actionLabel(action: unknown): string | null {
  if (typeof action === 'string') return action;
  if (action && typeof action === 'object' && 'type' in action) return String((action as { type: unknown }).type);
  if (typeof action === 'function') {
    // Built-in action creators (assign, sendTo, ...) carry an xstate.* type; a named inline
    // function is shown by its name; anonymous ones would only add noise.
    const type = (action as { type?: unknown }).type;
    if (typeof type === 'string' && !type.startsWith('xstate.')) return type;
    return action.name && action.name !== 'anonymous' ? action.name : null;
  }
  return null;
}

/** The key of a transition definition, the same in the machine and in any provided copy of it. */
export function transitionKey(transition: AnyTransitionDefinition): string {
  const source = transition.source;
  if (transition.eventType === '') return `${source.id} always#${source.always?.indexOf(transition) ?? -1}`;
  const index = source.transitions.get(transition.eventType)?.indexOf(transition) ?? -1;
  return `${source.id} ${transition.eventType}#${index}`;
}

function describe(transition: AnyTransitionDefinition, kind: TransitionKind, delay: string | undefined): string {
  const trigger = kind === 'always' ? 'always' : kind === 'after' ? `after ${delay}` : transition.eventType;
  const guard = transition.guard === undefined ? '' : ` [${guardLabel(transition.guard)}]`;
  const actions = transition.actions.map(actionLabel).filter((a): a is string => a !== null);
  return `${trigger}${guard}${actions.length > 0 ? ` / ${actions.join(', ')}` : ''}`;
}

function info(transition: AnyTransitionDefinition): TransitionInfo {
  const delayed = (transition as { delay?: unknown }).delay;
  const kind: TransitionKind = transition.eventType === '' ? 'always' : delayed !== undefined ? 'after' : 'event';
  const delay = delayed === undefined ? undefined : typeof delayed === 'number' ? `${delayed}ms` : String(delayed);
  const result: TransitionInfo = {
    key: transitionKey(transition),
    kind,
    source: transition.source,
    targets: [...(transition.target ?? [])],
    eventType: transition.eventType,
    actions: transition.actions.map(actionLabel).filter((a): a is string => a !== null),
    label: describe(transition, kind, delay),
  };
  if (delay !== undefined) result.delay = delay;
  if (transition.guard !== undefined) result.guard = guardLabel(transition.guard);
  return result;
}

/** Every transition of the machine: per state node (definition order), its events, then eventless ones. */
export function listTransitions(machine: AnyStateMachine): TransitionInfo[] {
  const out: TransitionInfo[] = [];
  for (const node of stateNodesOf(machine.root)) {
    for (const transitions of node.transitions.values()) for (const transition of transitions) out.push(info(transition));
    for (const transition of node.always ?? []) out.push(info(transition));
  }
  return out;
}
