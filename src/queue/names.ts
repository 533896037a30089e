/**
 * Names Parley uses inside a queue's Redis besides BullMQ's own keys. All are under the queue's
 * name, so two queues on one Redis never see each other's runs.
 */

/** The BullMQ job name of every simulation. */
export const JOB_NAME = 'simulation';

/** @default 'parley' */
export const DEFAULT_QUEUE_NAME = 'parley';

/**
 * A job's id: derived from the run id and the simulation's place in the run, so adding it twice
 * (a retried submit) is one job, and its result is one line. BullMQ forbids `:` in custom ids.
 */
export function jobIdOf(runId: string, caseIndex: number, iteration: number): string {
  return `${runId}-${caseIndex}-${iteration}`;
}

/** The pub/sub channel a run's cancellation is announced on; the message is the run id. */
export function cancelChannel(queueName: string): string {
  return `parley:${queueName}:cancel`;
}

/**
 * A key that says a run was cancelled. A worker checks it when a job starts, so a job picked up
 * just after the announcement (which that worker missed) is cancelled too.
 */
export function cancelledKey(queueName: string, runId: string): string {
  return `parley:${queueName}:cancelled:${runId}`;
}

/** How long the cancelled mark outlives its run (seconds). */
export const CANCELLED_TTL_SECONDS = 24 * 60 * 60;

/** Why `name` cannot name a queue (BullMQ forbids `:`), or null. */
export function queueNameProblem(name: string): string | null {
  if (name.trim() === '') return 'Expected a queue name, got nothing.';
  if (name.includes(':')) return `A queue name cannot contain ":", got "${name}".`;
  return null;
}
