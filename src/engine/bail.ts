import { ERROR_PREFIX } from '../../machines/errors.js';
import type { SupervisorContext } from '../../machines/supervisor.js';
import type { SimulationResult } from '../../machines/types.js';
import type { liveSupervisorMachine } from './provided.js';

type Supervisor = typeof liveSupervisorMachine;
type GuardArgs = { context: SupervisorContext };
type Guard = (args: GuardArgs, params: unknown) => boolean;

/** What a simulation cancelled because the run stopped at its first failure says. */
export const BAIL_CANCEL_MESSAGE = `${ERROR_PREFIX.cancelled}: the run stopped at its first failure (--bail)`;

const anyFailed = ({ context }: GuardArgs) => context.counts.failed + context.counts.error > 0;

/**
 * The supervisor of a `bail` run: once a simulation did not pass, no other one starts. Decided by
 * the guards, in the very step that counts the failure: the supervisor fills a free slot in that
 * step, before any callback could cancel the run, so a cancel alone would start one more.
 */
export function bailingSupervisor(supervisor: Supervisor): Supervisor {
  const guards = supervisor.implementations.guards as unknown as Record<'canStart' | 'allFinished', Guard>;
  return supervisor.provide({
    guards: {
      canStart: (args, params) => !anyFailed(args) && guards.canStart(args, params),
      // Nothing left running after a failure: the run is over, with no cancel needed.
      allFinished: (args, params) => guards.allFinished(args, params) || (args.context.alive === 0 && anyFailed(args)),
    },
  });
}

/** A result cancelled by the bail says so, instead of "the run was interrupted". */
export function bailCancelled(result: SimulationResult): SimulationResult {
  if (result.error?.code !== 'cancelled') return result;
  return { ...result, error: { ...result.error, message: BAIL_CANCEL_MESSAGE } };
}
