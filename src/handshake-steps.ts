import type { HandshakeStepPlan } from '../machines/types.js';
import { compileCondition, describeCondition } from './classify/condition.js';
import type { HandshakeStep } from './config/types.js';
import type { ErrorInfo } from './errors.js';

/** Which handshake steps' `await` a parsed frame satisfies (their indices, from 0). */
export type StepMatcher = (json: unknown) => number[];

const NONE: number[] = [];

/**
 * Compiled once per config. The conversation machine knows which step it is on; the socket only
 * says which awaits a frame would satisfy, so no transport needs to track the handshake.
 */
export function compileStepMatcher(steps: readonly HandshakeStep[]): StepMatcher {
  const checks = steps.flatMap((step, index) => (step.await ? [{ index, matches: compileCondition(step.await) }] : []));
  if (checks.length === 0) return () => NONE;
  return (json) => (json === undefined ? NONE : checks.filter((check) => check.matches(json)).map((check) => check.index));
}

/** The machine's view of the steps: what each awaits, in words for its timeout message, and which are HTTP requests. */
export function stepPlans(steps: readonly HandshakeStep[]): HandshakeStepPlan[] {
  return steps.map((step) => (step.http ? { awaits: null, http: true } : { awaits: step.await ? describeCondition(step.await) : null }));
}

/**
 * The `{{handshake.NAME}}` values of one conversation (README "Config reference"), and the steps that capture
 * them. The transport tells it which step the conversation is on and hands it each frame that
 * answers a step; the `handshakeHttp` actor runs the http steps through it.
 */
export interface HandshakeRuntime {
  /** The conversation is on step `index` (from 0): its frame goes out now. */
  enter(index: number): void;
  /** A frame that answers the steps `steps`: the current one's captures; an error when one finds nothing. */
  capture(steps: readonly number[], json: unknown): ErrorInfo | null;
  /** Runs http step `index`; rejects with a ParleyError (`setup-failed`, or `handshake-timeout` for a capture). */
  http(index: number, signal: AbortSignal): Promise<void>;
}

