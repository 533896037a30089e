import type { AgentConfig } from '../config/types.js';
import { renderHeaders } from '../headers.js';
import { Redactor } from '../redact.js';
import { MissingSetupValue, renderText, type TemplateVars } from '../template.js';

/**
 * A conversation's redactor (SPEC §5): every credential of the handshake and the setup request, as
 * configured and as rendered with `vars`. The engine plans with it and the probe prints with the
 * same one, so both mask exactly the same values.
 */
export function conversationRedactor(config: AgentConfig, vars: TemplateVars): Redactor {
  const redactor = new Redactor();
  addCredentials(redactor, config, vars);
  const setup = config.connection.setup;
  if (setup) renderHeaders(setup.headers, vars, { redactor, render });
  return redactor;
}

/**
 * Adds the handshake credentials as configured and as rendered with `vars`; called again with the
 * setup response in `vars`, it adds what that renders into them (`{{setup.token}}`).
 */
export function addCredentials(redactor: Redactor, config: AgentConfig, vars: TemplateVars): void {
  const { authorization, headers } = config.connection;
  redactor.add(authorization).add(authorization === undefined ? undefined : render(authorization, vars));
  renderHeaders(headers, vars, { redactor, render });
}

/** A rendered value; a `{{setup.x}}` the response lacks stays as written (the plan reports it). */
function render(value: string, vars: TemplateVars): string {
  try {
    return renderText(value, vars);
  } catch (error) {
    if (error instanceof MissingSetupValue) return value;
    throw error;
  }
}
