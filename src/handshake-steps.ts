import { isDeepStrictEqual } from 'node:util';
import type { HandshakeStepPlan } from '../machines/types.js';
import type { HandshakeStep } from './config/types.js';
import { compilePath } from './paths.js';

/** Which handshake steps' `await` a parsed frame satisfies (their indices, from 0). */
export type StepMatcher = (json: unknown) => number[];

const NONE: number[] = [];

/**
 * Compiled once per config. The conversation machine knows which step it is on; the socket only
 * says which awaits a frame would satisfy, so no transport needs to track the handshake.
 */
export function compileStepMatcher(steps: readonly HandshakeStep[]): StepMatcher {
  const checks = steps.flatMap((step, index) => {
    if (!step.await) return [];
    const read = compilePath(step.await.path);
    // A list means any of its values (SPEC §9.1).
    const wanted = Array.isArray(step.await.equals) ? step.await.equals : [step.await.equals];
    return [{ index, matches: (json: unknown) => wanted.some((value) => isDeepStrictEqual(read(json), value)) }];
  });
  if (checks.length === 0) return () => NONE;
  return (json) => (json === undefined ? NONE : checks.filter((check) => check.matches(json)).map((check) => check.index));
}

/** The machine's view of the steps: what each awaits, in words for its timeout message. */
export function stepPlans(steps: readonly HandshakeStep[]): HandshakeStepPlan[] {
  return steps.map((step) => ({ awaits: step.await ? describeAwait(step.await) : null }));
}

function describeAwait({ path, equals }: NonNullable<HandshakeStep['await']>): string {
  const values = (Array.isArray(equals) ? equals : [equals]).map((value) => JSON.stringify(value));
  return values.length === 1 ? `${path} = ${values[0]}` : `${path} = one of ${values.join(', ')}`;
}
