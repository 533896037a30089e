import { expectationFailed } from '../../machines/errors.js';
import type { ErrorInfo, RenderedUserText } from '../../machines/types.js';

/** `{{vars.NAME}}`, whitespace inside the braces allowed (as for every placeholder). */
const VAR = /\{\{\s*vars\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type Vars = Readonly<Record<string, string>>;

/** A text with its captured values put in, or the first name that was never captured. */
export type VarsRendered = { text: string } | { missing: string };

/**
 * Puts captured values into a test-set text (README "Captures and more expectations"). Only `{{vars.*}}` is touched: any other
 * braces in a user's text are sent as written. `escape` transforms each value (regex escaping).
 */
export function renderVars(text: string, vars: Vars, escape: (value: string) => string = (v) => v): VarsRendered {
  let missing: string | undefined;
  const rendered = text.replace(VAR, (written, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (value === undefined) {
      missing ??= name;
      return written;
    }
    return escape(value);
  });
  return missing === undefined ? { text: rendered } : { missing };
}

export const usesVars = (text: string): boolean => new RegExp(VAR.source).test(text);

/** The error of a `{{vars.x}}` used before (or without) being captured. */
export function neverCaptured(name: string, where: string): ErrorInfo {
  return expectationFailed([`${where} uses {{vars.${name}}}, which was never captured`]);
}

/** The machine's `renderUser`: a scripted user text with captured values in. */
export function renderUserText(text: string, vars: Vars, turn: number): RenderedUserText {
  const rendered = renderVars(text, vars);
  return 'missing' in rendered ? { error: neverCaptured(rendered.missing, `the user message of turn ${turn}`) } : rendered;
}
