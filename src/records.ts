import isPlainObject from 'lodash-es/isPlainObject.js';

/**
 * A plain object, as JSON and YAML parse into (not null, not a list, not a class instance). The one
 * narrowing helper for untyped input: lodash's check, with the type guard lodash's types lack.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value);
}
