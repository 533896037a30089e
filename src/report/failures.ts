import type { ExpectationResult, SimulationResult, TranscriptEntry } from '../../machines/types.js';
import { describeExpectation, quoteGot } from '../engine/expectation-text.js';
import { droppedFrames } from './format.js';

/** One thing that went wrong in a simulation, ready to print: `[code] message`. */
export interface FailureDetail {
  code: string;
  message: string;
}

/**
 * Everything that went wrong in a result, one line each: every failed expectation with what
 * came, then the error when it is not just those expectations (a timeout, a judge). Built over
 * the `expectations[]` records as written, so results from older runs (no `got`) still read:
 * what came is then taken from the transcript.
 */
export function failureDetails(result: Pick<SimulationResult, 'error' | 'expectations' | 'transcript' | 'dropped'>): FailureDetail[] {
  const expectations = result.expectations
    .filter((expectation) => !expectation.ok)
    .map((expectation) => ({ code: 'expectation-failed', message: expectationMessage(expectation, result.transcript) }));
  const error = result.error;
  // An expectation-failed error is the first failed expectation: it is already listed.
  if (!error || (error.code === 'expectation-failed' && expectations.length > 0)) return expectations;
  return [{ code: error.code, message: errorMessage(result)! }, ...expectations];
}

/** The result's error message as every reporter shows it (with the hint a timeout may carry). */
export function errorMessage(result: Pick<SimulationResult, 'error' | 'dropped'>): string | undefined {
  return result.error ? result.error.message + timeoutHint(result.error.code, result.dropped) : undefined;
}

/**
 * A response timeout while frames did arrive is almost always a config that drops the reply (a
 * wrong type or text path), not a slow agent: say how many were dropped and where to look.
 */
function timeoutHint(code: string, dropped: SimulationResult['dropped'] | undefined): string {
  const frames = code === 'response-timeout' && dropped ? droppedFrames(dropped) : null;
  if (frames === null) return '';
  const arrived = frames.count === 1 ? '1 frame arrived and was dropped' : `${frames.count} frames arrived and were dropped`;
  return ` — ${arrived} (${frames.classes}); run parley probe --agent <agent config> to see why`;
}

/** A failed expectation's line, `Expectation failed: the reply to turn 2 contains "x" — got "…"`. */
export function expectationMessage(expectation: ExpectationResult, transcript: readonly TranscriptEntry[]): string {
  if (expectation.message) return expectation.message;
  const reply = expectation.got === undefined ? replyTo(transcript, expectation.turn) : undefined;
  return describeExpectation(reply === undefined ? expectation : { ...expectation, got: quoteGot(reply) });
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
