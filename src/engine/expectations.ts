import { isDeepStrictEqual } from 'node:util';
import type { AgentTurn, CheckOutcome, ExpectationResult } from '../../machines/types.js';
import { compileMatcher } from '../config/load.js';
import type { Expectation, TestCase } from '../config/types.js';
import { compilePath } from '../paths.js';
import { compileCapture, firstFrameValue } from './captures.js';
import { cardChecksOf } from './card-checks.js';
import { expectationFailure, missingValue, quoteGot, withMessage } from './expectation-text.js';
import { renderVars, usesVars, type Vars } from './vars.js';

type Check = (turn: number, reply: AgentTurn, vars: Vars) => ExpectationResult;

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A text expectation whose `{{vars.x}}` are rendered per reply; a regex is compiled once unless it uses vars. */
function textCheck(kind: ExpectationResult['kind'], written: string, holds: (reply: string, value: string) => boolean): Check {
  return (turn, reply, vars) => {
    const rendered = renderVars(written, vars);
    if ('missing' in rendered) return missingValue({ turn, kind, value: written, ok: false }, rendered.missing);
    const ok = holds(reply.text, rendered.text);
    return ok ? { turn, kind, value: rendered.text, ok } : { turn, kind, value: rendered.text, ok, got: quoteGot(reply.text) };
  };
}

function regexCheck(kind: 'matches' | 'notMatches', written: string): Check {
  const fixed = usesVars(written) ? null : compileMatcher(written);
  const want = kind === 'matches';
  return (turn, reply, vars) => {
    let regex = fixed;
    if (!regex) {
      // Captured values go in literally: an order id with a dot must not match any character.
      const rendered = renderVars(written, vars, escapeRegex);
      if ('missing' in rendered) return textCheck(kind, written, () => false)(turn, reply, vars);
      regex = compileMatcher(rendered.text);
    }
    regex.lastIndex = 0;
    const ok = regex.test(reply.text) === want;
    return ok ? { turn, kind, value: written, ok } : { turn, kind, value: written, ok, got: quoteGot(reply.text) };
  };
}

function latencyCheck(limit: number): Check {
  return (turn, reply) => {
    const latency = reply.latencyMs === undefined ? undefined : Math.round(reply.latencyMs);
    const ok = latency !== undefined && latency <= limit;
    return ok ? { turn, kind: 'maxLatencyMs', value: limit, ok } : { turn, kind: 'maxLatencyMs', value: limit, ok, got: latency === undefined ? 'no reply' : `${latency} ms` };
  };
}

function frameCheck(frame: NonNullable<Expectation['frame']>): Check {
  const read = compilePath(frame.path);
  const base = { kind: 'frame' as const, path: frame.path };
  return (turn, reply, vars) => {
    const frames = reply.frames ?? [];
    const want = typeof frame.equals === 'string' ? renderVars(frame.equals, vars) : { text: frame.equals };
    if ('missing' in want) return missingValue({ ...base, turn, value: frame.equals, ok: false }, want.missing);
    const value = frame.exists ? true : want.text;
    const ok = frames.some((item) => {
      const found = read(item);
      return frame.exists ? found !== undefined : isDeepStrictEqual(found, want.text);
    });
    if (ok) return { ...base, turn, value, ok };
    const first = firstFrameValue(frames, read);
    return { ...base, turn, value, ok, got: first === undefined ? `no frame with ${frame.path} (${frames.length} accepted)` : quoteGot(JSON.stringify(first)) };
  };
}

/** Every check of one turn, in a fixed order: README "Test sets"'s three first, then README "Captures and more expectations"'s. */
function checksOf(expect: Expectation): Check[] {
  const checks: Check[] = [];
  const lower = (text: string) => text.toLowerCase();
  if (expect.contains !== undefined) checks.push(textCheck('contains', expect.contains, (reply, value) => lower(reply).includes(lower(value))));
  if (expect.matches !== undefined) checks.push(regexCheck('matches', expect.matches));
  if (expect.notContains !== undefined) {
    checks.push(textCheck('notContains', expect.notContains, (reply, value) => !lower(reply).includes(lower(value))));
  }
  if (expect.equals !== undefined) checks.push(textCheck('equals', expect.equals, (reply, value) => reply === value));
  if (expect.notMatches !== undefined) checks.push(regexCheck('notMatches', expect.notMatches));
  if (expect.maxLatencyMs !== undefined) checks.push(latencyCheck(expect.maxLatencyMs));
  if (expect.frame !== undefined) checks.push(frameCheck(expect.frame));
  checks.push(...cardChecksOf(expect));
  return checks;
}

/**
 * Builds a case's checker once: regular expressions compiled up front (unless they use captured
 * values), each reply then checked against every expectation and capture of its turn, so every
 * failure is reported, not just the first.
 */
export function createChecker(testCase: TestCase): (turn: number, reply: AgentTurn, vars: Vars) => CheckOutcome {
  const turns = testCase.turns.map((turn) => ({
    checks: checksOf(turn.expect ?? {}),
    captures: Object.entries(turn.capture ?? {}).map(([name, capture]) => ({ name, run: compileCapture(name, capture) })),
  }));
  return (turnNo, reply, vars) => {
    const turn = turns[turnNo - 1];
    if (!turn) return { expectations: [], captures: {}, failure: null };
    const captures: Record<string, string> = {};
    const expectations: ExpectationResult[] = [];
    for (const { name, run } of turn.captures) {
      const { result, value } = run(turnNo, reply);
      expectations.push(withMessage(result));
      if (value !== undefined) captures[name] = value;
    }
    // Values captured from this reply already count in its own expectations.
    const known = { ...vars, ...captures };
    for (const check of turn.checks) {
      const result = check(turnNo, reply, known);
      expectations.push(result.message ? result : withMessage(result));
    }
    return { expectations, captures, failure: expectationFailure(expectations) };
  };
}
