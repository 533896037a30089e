import type { AgentConfig, JsonValue } from '../config/types.js';
import { Redactor } from '../redact.js';
import { renderString, type TemplateVars } from '../template.js';

/**
 * The probe's own redactor, built like the engine's (every credential as configured and as
 * rendered) because the probe prints frames before `connect()` hands back the conversation.
 */
export function probeRedactor(config: AgentConfig, vars: TemplateVars): Redactor {
  const redactor = new Redactor();
  addCredentials(redactor, config, vars);
  const setup = config.connection.setup;
  if (setup) redactor.addHeaders(setup.headers).addHeaders(renderAll(setup.headers, vars));
  return redactor;
}

/** Adds what the setup response renders into the handshake credentials (`{{setup.token}}`). */
export function addSetupSecrets(redactor: Redactor, config: AgentConfig, vars: TemplateVars, setupBody: JsonValue): void {
  addCredentials(redactor, config, { ...vars, setup: setupBody });
}

function addCredentials(redactor: Redactor, config: AgentConfig, vars: TemplateVars): void {
  const { authorization, headers } = config.connection;
  redactor.add(authorization).add(authorization === undefined ? undefined : render(authorization, vars));
  redactor.addHeaders(headers).addHeaders(renderAll(headers, vars));
}

function renderAll(headers: Record<string, string>, vars: TemplateVars): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, render(value, vars)]));
}

/** A rendered header value; a `{{setup.x}}` the response lacks stays as written (the engine reports it). */
function render(value: string, vars: TemplateVars): string {
  try {
    const rendered = renderString(value, vars);
    return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
  } catch {
    return value;
  }
}
