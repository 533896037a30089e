import type { JsonValue } from './config/types.js';
import { readPath } from './paths.js';

/** `{{ name }}`; whitespace inside the braces is allowed. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a placeholder name refers to, or null for a name Parley does not know. */
export type PlaceholderRef =
  | { kind: 'message' }
  | { kind: 'simulation.id' }
  | { kind: 'case.id' }
  | { kind: 'env'; name: string }
  | { kind: 'setup'; path: string };

export function parsePlaceholder(name: string): PlaceholderRef | null {
  if (name === 'message' || name === 'simulation.id' || name === 'case.id') return { kind: name };
  if (name.startsWith('env.')) {
    const envName = name.slice(4);
    return ENV_NAME.test(envName) ? { kind: 'env', name: envName } : null;
  }
  if (name.startsWith('setup.') && name.length > 6) return { kind: 'setup', path: name.slice(6) };
  return null;
}

/** Every placeholder name used in the strings of `value` (object keys are never templated). */
export function placeholdersIn(value: JsonValue | undefined): string[] {
  const names: string[] = [];
  visitStrings(value, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) names.push(match[1]!);
  });
  return names;
}

function visitStrings(value: JsonValue | undefined, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => visitStrings(item, visit));
}

/** Values placeholders render to. Missing ones render as they are written, so a later pass can fill them. */
export interface TemplateVars {
  message?: string;
  simulationId?: string;
  caseId?: string;
  env?: Record<string, string>;
  /** The parsed JSON body of the http-first setup response. */
  setup?: JsonValue;
}

/** Thrown (as a plain Error) when a `{{setup.x}}` path is missing from the setup response. */
export class MissingSetupValue extends Error {
  constructor(readonly path: string) {
    super(`no value at "${path}" in the setup response for {{setup.${path}}}`);
  }
}

function lookup(ref: PlaceholderRef, vars: TemplateVars): JsonValue | undefined {
  switch (ref.kind) {
    case 'message':
      return vars.message;
    case 'simulation.id':
      return vars.simulationId;
    case 'case.id':
      return vars.caseId;
    case 'env':
      return vars.env?.[ref.name];
    case 'setup': {
      if (vars.setup === undefined) return undefined;
      const found = readPath(vars.setup, ref.path);
      if (found === undefined) throw new MissingSetupValue(ref.path);
      return found as JsonValue;
    }
  }
}

function asText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders one string to text: a setup value that is not a string becomes its JSON. */
export function renderText(text: string, vars: TemplateVars): string {
  return asText(renderString(text, vars));
}

/**
 * Renders one string. Replacement happens on the parsed string value, never on JSON text, so the
 * user's text (quotes, backslashes, even a literal `{{message}}`) is inserted verbatim and is never
 * scanned again. A string that is exactly one setup placeholder keeps the setup value's JSON type.
 * Hand-written on purpose: lodash's `template` compiles the text to JavaScript and runs it, which
 * config text and setup values must never reach.
 */
export function renderString(text: string, vars: TemplateVars): JsonValue {
  const whole = /^\{\{\s*([^{}\s]+)\s*\}\}$/.exec(text);
  if (whole) {
    const ref = parsePlaceholder(whole[1]!);
    if (ref?.kind === 'setup') {
      const value = lookup(ref, vars);
      if (value !== undefined) return value;
    }
  }
  return text.replace(PLACEHOLDER, (written, name: string) => {
    const ref = parsePlaceholder(name);
    const value = ref ? lookup(ref, vars) : undefined;
    return value === undefined ? written : asText(value);
  });
}

/** Renders every string inside a JSON value; keys and non-string values stay as they are. */
export function renderValue(value: JsonValue, vars: TemplateVars): JsonValue {
  if (typeof value === 'string') return renderString(value, vars);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, vars));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: `out[key] =` would turn a `__proto__` key (an own
    // property in parsed JSON) into a prototype change and lose its value.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, vars)]));
  }
  return value;
}

/**
 * Compiles the send template once per conversation: every placeholder but `{{message}}` is rendered
 * up front, part by part around `{{message}}`, so a value that itself contains `{{message}}` (an
 * env or setup value) stays as it is. A send then only joins strings and serialises once.
 */
export function compileSendTemplate(template: JsonValue, vars: TemplateVars): (message: string) => string {
  const build = compileNode(template, { ...vars, message: undefined });
  return (message) => JSON.stringify(build(message));
}

type Builder = (message: string) => JsonValue;
const MESSAGE = /\{\{\s*message\s*\}\}/;
const MESSAGE_ALL = new RegExp(MESSAGE.source, 'g');

function compileNode(value: JsonValue, vars: TemplateVars): Builder {
  if (typeof value === 'string') {
    if (!MESSAGE.test(value)) {
      const fixed = renderString(value, vars);
      return () => fixed;
    }
    const parts = value.split(MESSAGE_ALL).map((part) => asText(renderString(part, vars)));
    return (message) => parts.join(message);
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compileNode(item, vars));
    return (message) => items.map((item) => item(message));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, compileNode(item, vars)] as const);
    // fromEntries, not assignment, so a `__proto__` key stays a key (see renderValue).
    return (message) => Object.fromEntries(entries.map(([key, item]) => [key, item(message)]));
  }
  return () => value;
}
