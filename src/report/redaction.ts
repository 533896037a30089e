import type { AgentConfig } from '../config/types.js';
import { conversationRedactor } from '../engine/secrets.js';

/** `Bearer eyJhbGciOi…` and the like: a credential an agent may echo, even when no config names it. */
const SCHEMED_CREDENTIAL = /\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/**
 * How reports (JUnit, HTML, step summary) scrub text: every credential the agent config holds,
 * as written and as rendered from `{{env.*}}` (README "Error codes"), and any `Bearer …`-style credential.
 * `parley report` has no config unless given `--agent`: the pattern alone then.
 */
export function reportRedactor(config?: AgentConfig): (text: string) => string {
  const known = config ? conversationRedactor(config, { env: config.env }) : null;
  return (text) => (known ? known.redact(text) : text).replace(SCHEMED_CREDENTIAL, '$1 ****');
}
