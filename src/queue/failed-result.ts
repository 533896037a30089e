import { errorResult } from '../../machines/defaults.js';
import type { SimulationResult } from '../../machines/types.js';
import { cancelled, internalError, workerLost, type ErrorInfo } from '../errors.js';
import { inParleyWords } from './library-texts.js';

/** BullMQ's reason for a job whose worker died more often than `maxStalledCount` allows. */
const STALLED_TOO_OFTEN = /stalled more than allowable limit/;

/** Where a job that produced no result stood: its case, iteration, and when it was first taken. */
export interface UnfinishedJob {
  caseId: string;
  iteration: number;
  /** Epoch ms when a worker first took it, if one did. */
  processedOn?: number;
}

/** The `error` result of a job that ended without a simulation result of its own. */
export function resultWithoutSimulation(job: UnfinishedJob, error: ErrorInfo, now = Date.now()): SimulationResult {
  return errorResult(job, error, job.processedOn ?? now, now);
}

/** What a failed job's reason means for its result: a worker lost twice, or a crash. */
export function errorOfFailedJob(failedReason: string): ErrorInfo {
  return STALLED_TOO_OFTEN.test(failedReason) ? workerLost() : internalError(inParleyWords(failedReason));
}

/** A simulation whose run was cancelled but whose worker never reported (it died meanwhile). */
export const UNREPORTED_CANCEL: ErrorInfo = cancelled('the run was interrupted and its worker did not report in time');
