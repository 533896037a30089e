/**
 * A machine definition as a Mermaid `stateDiagram-v2`. Output depends only on the definition, in
 * definition order, so regenerating an unchanged machine gives the same bytes.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { listTransitions, stateNodesOf, type TransitionInfo } from './transitions.js';

const INDENT = '  ';

/**
 * Mermaid ids are global to a diagram: a state's key when no other state (nor the machine) has it,
 * else its path from the machine joined with `_`. The machine itself is drawn as a composite
 * state named by its id, so its own (root-level) transitions have somewhere to go.
 */
function idsFor(machine: AnyStateMachine): Map<AnyStateNode, string> {
  const safe = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
  const nodes = stateNodesOf(machine.root);
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const name = safe(node === machine.root ? machine.id : node.key);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ids = new Map<AnyStateNode, string>();
  for (const node of nodes) {
    if (node === machine.root) ids.set(node, safe(machine.id));
    else ids.set(node, counts.get(safe(node.key)) === 1 ? safe(node.key) : safe([machine.id, ...node.path].join('_')));
  }
  return ids;
}

/** Mermaid ends a label at `;` and treats `#…;` as an entity: keep labels to safe characters. */
function safeLabel(label: string): string {
  return label.replace(/[;#{}]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Where an edge is written: in the block of the parent both ends share, else at the top level. */
function scopeOf(edge: { from: AnyStateNode; to: AnyStateNode }): AnyStateNode | null {
  return edge.from.parent !== undefined && edge.from.parent === edge.to.parent ? edge.from.parent : null;
}

interface Edge {
  from: AnyStateNode;
  to: AnyStateNode;
  label: string;
}

function edgesOf(transition: TransitionInfo): Edge[] {
  const label = safeLabel(transition.label);
  // A targetless transition runs its actions and stays: drawn as a loop on its source.
  const targets = transition.targets.length > 0 ? transition.targets : [transition.source];
  return targets.map((to) => ({ from: transition.source, to, label }));
}

/**
 * Renders `machine` as Mermaid `stateDiagram-v2`: compound states nested, `[*]` initial and final
 * markers, delayed transitions labelled `after <delay name>`, eventless ones `always`, guards in
 * brackets and named actions after `/`.
 *
 * Edges whose ends have different parents are written at the top level, after every state is
 * declared inside its own block: Mermaid places a state where it first appears, and older
 * renderers move a state into any nested block that merely mentions it.
 */
export function machineToMermaid(machine: AnyStateMachine): string {
  const ids = idsFor(machine);
  const edges = listTransitions(machine).flatMap(edgesOf);
  const edgeLine = (edge: Edge) => `${ids.get(edge.from)} --> ${ids.get(edge.to)} : ${edge.label}`;
  const lines: string[] = ['stateDiagram-v2'];

  const block = (node: AnyStateNode, depth: number): void => {
    const pad = INDENT.repeat(depth);
    const id = ids.get(node)!;
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length === 0) {
      // A plain state that is only a target still has to be declared here, in its own block.
      lines.push(`${pad}${id}`);
      // What a leaf state runs (a setup request, a model asked for the next user message) is part
      // of what the diagram says; composite states keep theirs out, as not every renderer takes it.
      for (const invoke of node.invoke) {
        if (typeof invoke.src === 'string') lines.push(`${pad}${id} : invokes ${safeLabel(invoke.src)}`);
      }
      return;
    }
    lines.push(`${pad}state ${id} {`);
    const inner = pad + INDENT;
    const initial = node.initial?.target?.[0];
    if (initial) lines.push(`${inner}[*] --> ${ids.get(initial)}`);
    for (const child of children) block(child, depth + 1);
    for (const edge of edges) if (scopeOf(edge) === node) lines.push(`${inner}${edgeLine(edge)}`);
    for (const child of children) if (child.type === 'final') lines.push(`${inner}${ids.get(child)} --> [*]`);
    lines.push(`${pad}}`);
  };

  lines.push(`${INDENT}[*] --> ${ids.get(machine.root)}`);
  block(machine.root, 1);
  for (const edge of edges) if (scopeOf(edge) === null) lines.push(`${INDENT}${edgeLine(edge)}`);
  return `${lines.join('\n')}\n`;
}
