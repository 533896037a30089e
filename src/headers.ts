/**
 * The one way configured headers become request headers: `{{…}}` rendered into each value, and
 * every credential among them (as configured and as rendered) masked from then on.
 */
import mapValues from 'lodash-es/mapValues.js';
import type { Redactor } from './redact.js';
import { renderText, type TemplateVars } from './template.js';

export interface RenderHeadersOptions {
  /** Learns the credential headers' values, as configured and as rendered. @default none */
  redactor?: Redactor;
  /** Renders one value. @default renderText (a missing `{{setup.x}}` throws) */
  render?: (value: string, vars: TemplateVars) => string;
}

/** `headers` with `vars` rendered into their values (names are never templates). */
export function renderHeaders(headers: Record<string, string>, vars: TemplateVars, options: RenderHeadersOptions = {}): Record<string, string> {
  const render = options.render ?? renderText;
  const rendered = mapValues(headers, (value) => render(value, vars));
  options.redactor?.addHeaders(headers).addHeaders(rendered);
  return rendered;
}
