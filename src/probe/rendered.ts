import { randomUUID } from 'node:crypto';
import type { AgentConfig, JsonValue } from '../config/types.js';
import { compileSendFrames, renderText, renderValue, type TemplateVars } from '../template.js';

/*
 * What the probe prints is rendered as the engine renders it (README "Probe walkthrough"): placeholders filled,
 * never `{{simulation.id}}` as written; a value that cannot be rendered yet is shown as written.
 */

/** A step's frame as it goes out; as written when a placeholder cannot be rendered yet. */
export function renderSafely(value: JsonValue, vars: TemplateVars): string {
  try {
    return JSON.stringify(renderValue(value, vars));
  } catch {
    return JSON.stringify(value);
  }
}

export function renderInit(config: AgentConfig, vars: TemplateVars): string | null {
  if (config.connection.init === undefined) return null;
  try {
    return JSON.stringify(renderValue(config.connection.init, vars));
  } catch {
    return JSON.stringify(config.connection.init);
  }
}

/** The setup request as it goes out: URL, headers and body rendered (`{{simulation.id}}`, `{{env.*}}`). */
export function renderedSetup(setup: NonNullable<AgentConfig['connection']['setup']>, vars: TemplateVars): NonNullable<AgentConfig['connection']['setup']> {
  const headers = Object.fromEntries(Object.entries(setup.headers).map(([name, value]) => [name, renderUrl(value, vars)!]));
  const body = setup.body === undefined ? {} : { body: JSON.parse(renderSafely(setup.body, vars)) as JsonValue };
  return { ...setup, url: renderUrl(setup.url, vars)!, headers, ...body };
}

/** The URL as the engine connects to it: `{{simulation.id}}` and the rest filled in. */
export function renderUrl(url: string | undefined, vars: TemplateVars): string | undefined {
  if (url === undefined) return undefined;
  try {
    return renderText(url, vars);
  } catch {
    return url;
  }
}

/**
 * The message as the engine puts it on the wire (the same template, the same values); the frames
 * of `sendFrames` one per line. `{{message.id}}` is a fresh UUID per message, as it is in a run.
 */
export function renderMessage(config: AgentConfig, vars: TemplateVars, message: string): string | null {
  const { sendFrames, sendTemplate } = config.messages;
  try {
    return compileSendFrames(sendFrames ?? [sendTemplate], vars)({ text: message, seq: 1, id: randomUUID() }).join('\n');
  } catch {
    return null;
  }
}

