import { isDeepStrictEqual } from 'node:util';
import { compileMatcher } from '../config/test-set-schema.js';
import type { Condition, ConditionSet, JsonValue } from '../config/types.js';
import { compilePath } from '../paths.js';

/** A compiled condition: does this message match? Never throws. */
export type MessageTest = (message: unknown) => boolean;

/**
 * One condition (README "Config reference"): `equals` a value (or any of a list), `exists` true/false, or
 * `matches` a regular expression (strings, and numbers and booleans as their text). Compiled once
 * per config: each message then costs a path read and a comparison.
 */
function compileOne(condition: Condition): MessageTest {
  const read = compilePath(condition.path);
  if (condition.exists !== undefined) {
    const wanted = condition.exists;
    return (message) => (read(message) !== undefined) === wanted;
  }
  if (condition.matches !== undefined) {
    const regex = compileMatcher(condition.matches);
    return (message) => {
      const value = read(message);
      if (typeof value === 'string') return regex.test(value);
      return (typeof value === 'number' || typeof value === 'boolean') && regex.test(String(value));
    };
  }
  // A list means any of its values (README "Connecting to your agent"); scalars compare without deep equality.
  const wanted: readonly JsonValue[] = Array.isArray(condition.equals) ? condition.equals : [condition.equals ?? null];
  if (wanted.every((value) => value === null || typeof value !== 'object')) {
    return (message) => {
      const value = read(message);
      return value !== undefined && (wanted as readonly unknown[]).includes(value);
    };
  }
  return (message) => {
    const value = read(message);
    return value !== undefined && wanted.some((item) => isDeepStrictEqual(value, item));
  };
}

/** A condition, or a list of them that must all hold. */
export function compileCondition(set: ConditionSet): MessageTest {
  if (!Array.isArray(set)) return compileOne(set);
  const tests = set.map(compileOne);
  return (message) => tests.every((test) => test(message));
}

/** A `*When` list: true when any of its entries holds; null for an empty list (nothing to test). */
export function compileAnyOf(sets: readonly ConditionSet[]): MessageTest | null {
  if (sets.length === 0) return null;
  const tests = sets.map(compileCondition);
  return tests.length === 1 ? tests[0]! : (message) => tests.some((test) => test(message));
}

/** The condition in words, for a handshake timeout: `event = "phx_reply" and payload.status exists`. */
export function describeCondition(set: ConditionSet): string {
  return (Array.isArray(set) ? set : [set]).map(describeOne).join(' and ');
}

function describeOne(condition: Condition): string {
  const { path } = condition;
  if (condition.exists !== undefined) return condition.exists ? `${path} present` : `${path} absent`;
  if (condition.matches !== undefined) return `${path} matching ${condition.matches}`;
  const values = (Array.isArray(condition.equals) ? condition.equals : [condition.equals ?? null]).map((value) => JSON.stringify(value));
  return values.length === 1 ? `${path} = ${values[0]}` : `${path} = one of ${values.join(', ')}`;
}
