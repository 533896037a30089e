/** Assertions every fault must satisfy: the right code and prefix, in time, with no stack trace. */
import { expect } from 'vitest';
import type { SimulationResult, Verdict } from '../../../machines/types.js';
import { ERROR_PREFIX, type ErrorCode, type ErrorInfo } from '../../../src/errors.js';

/** Extra time a fault may take beyond its own timeout on a loaded 2-core machine. */
export const SLACK_MS = 1200;

/** The README "Error codes" message prefix of each code, from the same table the error factories use. */
export const PREFIX: Record<Exclude<ErrorCode, 'config-invalid' | 'internal-error'>, string> = ERROR_PREFIX;

/** A stack frame (`    at fn (file.js:1:2)`), a file position, or a leaked object rendering. */
const STACKISH = [/\n\s*at\s/, /\bat\s+\S+\s+\(.*:\d+:\d+\)/, /\.(?:ts|js|mjs|cjs):\d+:\d+/, /\[object Object\]/, /\bundefined\b/];

export function expectNoStack(text: string): void {
  for (const pattern of STACKISH) expect(text, `"${text}" looks like a stack trace or a raw object`).not.toMatch(pattern);
}

export function expectError(error: ErrorInfo | null | undefined, code: keyof typeof PREFIX): ErrorInfo {
  expect(error, 'an error was expected').toBeTruthy();
  const info = error!;
  expect(info.code).toBe(code);
  expect(info.message.startsWith(PREFIX[code]), `"${info.message}" should start with "${PREFIX[code]}"`).toBe(true);
  expectNoStack(info.message);
  return info;
}

export interface FaultExpectation {
  code: keyof typeof PREFIX;
  verdict: Verdict;
  /** The timeout that should end it, in ms (0 for a fault that should end at once). */
  withinMs: number;
  /** For a timeout: it must not end before this (it really waited). */
  notBeforeMs?: number;
}

/** The fault's result: code, prefix, verdict, and a duration inside its timeout plus {@link SLACK_MS}. */
export function expectFault(result: SimulationResult, expected: FaultExpectation): ErrorInfo {
  const info = expectError(result.error, expected.code);
  expect(result.verdict, `verdict of ${result.caseId}`).toBe(expected.verdict);
  expect(result.durationMs, `${result.caseId} took ${result.durationMs} ms`).toBeLessThanOrEqual(expected.withinMs + SLACK_MS);
  if (expected.notBeforeMs !== undefined) expect(result.durationMs).toBeGreaterThanOrEqual(expected.notBeforeMs);
  return info;
}

/** Siblings of a fault in the same run: passed, no error, every reply present. */
export function expectPassed(result: SimulationResult): void {
  expect(result.error, `${result.caseId}: ${JSON.stringify(result.error)}`).toBeNull();
  expect(result.verdict).toBe('passed');
  const users = result.transcript.filter((entry) => entry.role === 'user').length;
  const replies = result.transcript.filter((entry) => entry.role === 'agent' && entry.messages.length > 0).length;
  expect(replies).toBeGreaterThanOrEqual(users);
}

/** The texts of a transcript as `role: text` lines, for readable equality checks. */
export function lines(result: SimulationResult): string[] {
  return result.transcript.map((entry) => `${entry.role}: ${entry.text}`);
}
