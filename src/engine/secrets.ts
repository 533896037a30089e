import type { AgentConfig } from '../config/types.js';
import { renderHeaders } from '../headers.js';
import { walkJson } from '../json.js';
import { Redactor } from '../redact.js';
import { MissingSetupValue, parsePlaceholder, placeholdersIn, renderText, type TemplateVars } from '../template.js';

/**
 * A conversation's redactor (README "Error codes"): every credential of the handshake and the setup request, as
 * configured and as rendered with `vars`. The engine plans with it and the probe prints with the
 * same one, so both mask exactly the same values.
 */
export function conversationRedactor(config: AgentConfig, vars: TemplateVars): Redactor {
  const redactor = new Redactor();
  addCredentials(redactor, config, vars);
  addEnvSecrets(redactor, config);
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

/** A whole URL given as one variable (`url: "{{env.WS_URL}}"`) is where to connect, not a secret. */
const WHOLE_PLACEHOLDER = /^\{\{\s*env\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/;

/**
 * `{{env.*}}` values are secrets wherever they are used (README "Probe walkthrough": a token in a handshake step
 * or a frame), except a variable that is a whole URL: masking it would hide where the probe connects.
 */
function addEnvSecrets(redactor: Redactor, config: AgentConfig): void {
  for (const value of envSecretsOf(config)) redactor.add(value);
}

/** Found once per config: walking the whole config again for each of thousands of conversations showed in profiles. */
const envSecrets = new WeakMap<AgentConfig, string[]>();

function envSecretsOf(config: AgentConfig): string[] {
  let values = envSecrets.get(config);
  if (values) return values;
  values = [];
  const { connection, messages, handshake } = config;
  walkJson({ connection, messages, handshake }, (text, path) => {
    if (WHOLE_PLACEHOLDER.test(text) && path.at(-1) === 'url') return;
    for (const name of placeholdersIn(text)) {
      const ref = parsePlaceholder(name);
      const value = ref?.kind === 'env' ? config.env[ref.name] : undefined;
      if (value !== undefined) values!.push(value);
    }
  });
  envSecrets.set(config, values);
  return values;
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
