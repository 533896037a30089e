import type { ExpectationResult, SimulationResult, TranscriptEntry } from '../../machines/types.js';
import { describeExpectation, quoteGot } from '../engine/expectation-text.js';

/** One thing that went wrong in a simulation, ready to print: `[code] message`. */
export interface FailureDetail {
  code: string;
  message: string;
}

/**
 * Everything that went wrong in a result: its error, then every failed expectation (not only
 * the first), each with what came. Built over the `expectations[]` records as written, so a kind
 * added later shows with its own `message` and `got`, and results from older runs still read.
 */
export function failureDetails(result: Pick<SimulationResult, 'error' | 'expectations' | 'transcript'>): FailureDetail[] {
  const expectations = result.expectations
    .filter((expectation) => !expectation.ok)
    .map((expectation) => ({ code: 'expectation-failed', message: expectationMessage(expectation, result.transcript) }));
  const error = result.error;
  // The error usually is the first failed expectation: shown once.
  if (!error || expectations.some((item) => item.code === error.code && item.message === error.message)) return expectations;
  return [{ code: error.code, message: error.message }, ...expectations];
}

/** A failed expectation's line; an old result without `message` gets one, `got` read from the transcript. */
export function expectationMessage(expectation: ExpectationResult, transcript: readonly TranscriptEntry[]): string {
  if (expectation.message) return expectation.message;
  const reply = replyTo(transcript, expectation.turn);
  return describeExpectation({ ...expectation, ...(reply === undefined ? {} : { got: quoteGot(reply) }) });
}

/** The text of the agent turn that followed user turn `turn` (from 1). */
export function replyTo(transcript: readonly TranscriptEntry[], turn: number): string | undefined {
  let users = 0;
  for (const entry of transcript) {
    if (entry.role === 'user') users += 1;
    else if (users === turn) return entry.text;
  }
  return undefined;
}
