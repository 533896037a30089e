import type { ConfigIssue } from '../errors.js';
import { walkJson } from '../json.js';
import { parsePlaceholder, placeholdersIn } from '../template.js';
import { isRecord } from './issues.js';

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
  // What a handshake step sends (or requests) is connection data like init.
  if (path[0] === 'handshake' && path[1] === 'steps' && (path[3] === 'send' || path[3] === 'http')) return 'connection';
  if (path[0] !== 'messages') return 'elsewhere';
  // Rendered once per conversation, like connection (our own echo carries `{{simulation.id}}`).
  if (path[1] === 'inboundDirection' || (path[1] === 'autoReplies' && path[3] === 'send')) return 'connection';
  if (path[1] === 'sendFrames') return 'sendTemplate';
  return path[1] === 'sendTemplate' || path[1] === 'sendVia' || path[1] === 'clickTemplate' ? path[1] : 'elsewhere';
}

const ALLOWED_REGIONS =
  'placeholders are only allowed in connection, handshake.steps.*.send, handshake.steps.*.http, messages.sendTemplate, messages.sendFrames, messages.clickTemplate, messages.sendVia, messages.inboundDirection and messages.autoReplies.*.send';

/**
 * How many handshake steps run before a string at `path` is rendered (README "Config reference"): a step sees the
 * captures of the steps before it; the keepalive message, the send template and auto-replies see
 * every step's; the rest of the connection is used before any step runs.
 */
function stepsBefore(path: readonly (string | number)[], stepCount: number): number {
  if (path[0] === 'handshake') return typeof path[2] === 'number' ? path[2] : Number(path[2]);
  if (path[0] === 'connection') return path[1] === 'keepaliveMessage' ? stepCount : 0;
  return path[0] === 'messages' && path[1] !== 'inboundDirection' ? stepCount : 0;
}

/** Each capture name and the index of the first step that captures it. */
function capturesOf(raw: unknown): { names: Map<string, number>; count: number } {
  const names = new Map<string, number>();
  const steps = isRecord(raw) && isRecord(raw.handshake) ? raw.handshake.steps : undefined;
  if (!Array.isArray(steps)) return { names, count: 0 };
  steps.forEach((step, index) => {
    const capture = isRecord(step) ? step.capture : undefined;
    if (isRecord(capture)) for (const name of Object.keys(capture)) if (!names.has(name)) names.set(name, index);
  });
  return { names, count: steps.length };
}

/** Checks every placeholder in the raw file, and reads the env variables they name. */
export function checkPlaceholders(raw: unknown, mode: ConnectionMode, env: NodeJS.ProcessEnv): PlaceholderFindings {
  const found: PlaceholderFindings = { issues: [], env: {} };
  const captures = capturesOf(raw);
  walkJson(raw, (text, path) => {
    const names = placeholdersIn(text);
    if (names.length === 0) return;
    const region = regionOf(path);
    const where = path.join('.');
    if (region === 'elsewhere') return void found.issues.push({ path: where, message: ALLOWED_REGIONS });
    for (const name of names) {
      const ref = parsePlaceholder(name);
      const problem = placeholderProblem(name, region, mode, env) ?? handshakeProblem(name, path, captures);
      if (problem) found.issues.push({ path: where, message: problem });
      else if (ref?.kind === 'env') found.env[ref.name] = env[ref.name]!;
    }
  });
  return found;
}

/** Why a `{{handshake.NAME}}` has no value where it stands, or undefined. */
function handshakeProblem(name: string, path: readonly (string | number)[], captures: ReturnType<typeof capturesOf>): string | undefined {
  const ref = parsePlaceholder(name);
  if (ref?.kind !== 'handshake') return undefined;
  const before = stepsBefore(path, captures.count);
  const capturedAt = captures.names.get(ref.name);
  if (capturedAt === undefined) return `{{${name}}}: no handshake step captures ${ref.name}`;
  if (before === 0 && path[0] !== 'handshake') return `{{${name}}} cannot be used here: it is rendered before any handshake step runs`;
  if (capturedAt >= before) return `{{${name}}}: ${ref.name} is captured by step ${capturedAt + 1}, which runs after this one`;
  return undefined;
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
