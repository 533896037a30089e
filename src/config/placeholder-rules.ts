import type { ConfigIssue } from '../errors.js';
import { walkJson } from '../json.js';
import { parsePlaceholder, placeholdersIn } from '../template.js';

/** The connection mode as far as it is valid; `undefined` when the schema reports it. */
export type ConnectionMode = 'direct' | 'http-first' | undefined;

/** What the placeholder check found: its problems and the `{{env.NAME}}` values it read. */
export interface PlaceholderFindings {
  issues: ConfigIssue[];
  /** Values of the `{{env.NAME}}` placeholders used where placeholders are allowed. */
  env: Record<string, string>;
}

/** Where a string sits decides which placeholders it may use. */
type Region = 'connection' | 'setup' | 'sendTemplate' | 'clickTemplate' | 'sendVia' | 'elsewhere';

function regionOf(path: readonly (string | number)[]): Region {
  if (path[0] === 'connection') return path[1] === 'setup' ? 'setup' : 'connection';
  // What a handshake step sends is connection data like init.
  if (path[0] === 'handshake' && path[1] === 'steps' && path[3] === 'send') return 'connection';
  if (path[0] !== 'messages') return 'elsewhere';
  // Rendered once per conversation, like connection (our own echo carries `{{simulation.id}}`).
  if (path[1] === 'inboundDirection' || (path[1] === 'autoReplies' && path[3] === 'send')) return 'connection';
  return path[1] === 'sendTemplate' || path[1] === 'sendVia' || path[1] === 'clickTemplate' ? path[1] : 'elsewhere';
}

const ALLOWED_REGIONS =
  'placeholders are only allowed in connection, handshake.steps.*.send, messages.sendTemplate, messages.clickTemplate, messages.sendVia, messages.inboundDirection and messages.autoReplies.*.send';

/** Checks every placeholder in the raw file, and reads the env variables they name. */
export function checkPlaceholders(raw: unknown, mode: ConnectionMode, env: NodeJS.ProcessEnv): PlaceholderFindings {
  const found: PlaceholderFindings = { issues: [], env: {} };
  walkJson(raw, (text, path) => {
    const names = placeholdersIn(text);
    if (names.length === 0) return;
    const region = regionOf(path);
    const where = path.join('.');
    if (region === 'elsewhere') return void found.issues.push({ path: where, message: ALLOWED_REGIONS });
    for (const name of names) {
      const ref = parsePlaceholder(name);
      const problem = placeholderProblem(name, region, mode, env);
      if (problem) found.issues.push({ path: where, message: problem });
      else if (ref?.kind === 'env') found.env[ref.name] = env[ref.name]!;
    }
  });
  return found;
}

/** Why `{{name}}` may not stand where it does, or undefined when it may. */
function placeholderProblem(name: string, region: Region, mode: ConnectionMode, env: NodeJS.ProcessEnv): string | undefined {
  const ref = parsePlaceholder(name);
  if (ref === null) return `unknown placeholder {{${name}}}`;
  // A click is a user message too: clickTemplate takes what sendTemplate takes, and the choice.
  const sends = region === 'sendTemplate' || region === 'clickTemplate';
  if ((ref.kind === 'choice.title' || ref.kind === 'choice.payload') && region !== 'clickTemplate') {
    return `{{${name}}} is only allowed in messages.clickTemplate`;
  }
  if (ref.kind === 'message' && !sends) return '{{message}} is only allowed in messages.sendTemplate and messages.clickTemplate';
  if ((ref.kind === 'message.seq' || ref.kind === 'message.id') && !sends && region !== 'sendVia') {
    return `{{${name}}} is only allowed in messages.sendTemplate, messages.clickTemplate and messages.sendVia`;
  }
  if (ref.kind === 'setup' && region === 'setup') {
    return `{{${name}}} cannot be used in connection.setup (the setup response does not exist yet)`;
  }
  if (ref.kind === 'setup' && mode === 'direct') return `{{${name}}} needs mode http-first (there is no setup response)`;
  if (ref.kind === 'env' && env[ref.name] === undefined) return `environment variable ${ref.name} is not set`;
  return undefined;
}
