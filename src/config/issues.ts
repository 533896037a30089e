import uniqBy from 'lodash-es/uniqBy.js';
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { isRecord } from '../records.js';
import { didYouMean } from '../suggest.js';
import { describeThrown } from '../errors.js';

// Re-exported for the schema modules, which read untyped input through it.
export { isRecord };

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

/**
 * Per-parse zod error map: short, lowercase problems that say what is expected. It never quotes
 * the input, so a secret given in the wrong place does not leak into an error message.
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return typeProblem(issue);
    case 'too_small':
      return sizeProblem(issue.origin, Number(issue.minimum), issue.inclusive ?? true, 'small');
    case 'too_big':
      return sizeProblem(issue.origin, Number(issue.maximum), issue.inclusive ?? true, 'big');
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return unknownKeys(issue);
    default:
      return undefined;
  }
};

/**
 * One line per unknown key, in the issue's key order (fromZodIssues splits them), each with the
 * known key it most likely meant: `unknown key (did you mean headers?)`.
 */
function unknownKeys(issue: RawIssue & { keys?: string[] }): string {
  const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  const known = Object.keys(shape ?? {});
  return (issue.keys ?? [])
    .map((key) => {
      const guess = didYouMean(key, known);
      return guess ? `unknown key (did you mean ${guess}?)` : 'unknown key';
    })
    .join('\n');
}

function typeProblem(issue: RawIssue & { expected?: string }): string {
  if (issue.input === undefined) return 'required';
  if (issue.expected === 'number' && typeof issue.input === 'number') return 'must be a finite number';
  return `must be ${NOUNS[issue.expected ?? ''] ?? issue.expected}`;
}

function sizeProblem(origin: string, limit: number, inclusive: boolean, side: 'small' | 'big'): string {
  if (origin !== 'number') return side === 'small' ? 'must not be empty' : `must have at most ${limit} items`;
  if (side === 'big') return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
  return inclusive ? `must be ${limit} or more` : `must be greater than ${limit}`;
}

/** Dot path with array indices as plain numbers: `cases.0.turns.1.expect.matches`. */
export function dotPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Zod issues as ConfigIssues; an unknown-keys issue becomes one issue per key, its path ending in the key. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [{ path: dotPath(issue.path), message: issue.message }];
    const messages = issue.message.split('\n');
    return issue.keys.map((key, index) => ({ path: dotPath([...issue.path, key]), message: messages[index] ?? 'unknown key' }));
  });
}

/** Drops repeats (the same problem found by two checks) and keeps the first-found order. */
export function uniqueIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return uniqBy(issues, (issue) => `${issue.path}\u0000${issue.message}`);
}


/** The object under `key`, or an empty one, so rule checks can read raw input without guards. */
export function recordAt(value: unknown, key: string): Record<string, unknown> {
  const inner = isRecord(value) ? value[key] : undefined;
  return isRecord(inner) ? inner : {};
}

/** The problem with a file or value that is not an object at all. */
export function rootProblem(raw: unknown): string {
  const found = raw == null ? 'nothing' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
  return `expected an object (key: value pairs), found ${found}`;
}

/**
 * A JSON.parse error as a short problem. V8 quotes the text it failed on, which may hold a token,
 * so that quote is cut.
 */
export function describeJsonError(error: unknown): string {
  const message = describeThrown(error);
  return lowerFirst(message.replace(/, .*is not valid JSON$/s, ''));
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Issues in the order their paths appear in the input, so the list reads top to bottom like the
 * file; a missing key sorts after its present siblings. The sort is stable, so ties keep the order
 * they were found in.
 */
export function inInputOrder(issues: readonly ConfigIssue[], raw: unknown): ConfigIssue[] {
  const keyed = issues.map((issue) => ({ issue, position: positionOf(raw, issue.path) }));
  return keyed.sort((a, b) => comparePositions(a.position, b.position)).map(({ issue }) => issue);
}

function positionOf(raw: unknown, path: string): number[] {
  const position: number[] = [];
  let current = raw;
  for (const segment of path === '' ? [] : path.split('.')) {
    if (current === null || typeof current !== 'object') break;
    const keys = Object.keys(current);
    const index = keys.indexOf(segment);
    position.push(index === -1 ? keys.length : index);
    if (index === -1) break;
    current = (current as Record<string, unknown>)[segment];
  }
  return position;
}

function comparePositions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
