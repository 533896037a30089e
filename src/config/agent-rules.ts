import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { parsePlaceholder, placeholdersIn, renderString } from '../template.js';
import { HTTP_TOKEN } from './agent-schema.js';
import type { JsonValue } from '../json.js';
import { isRecord, recordAt } from './issues.js';
import { checkPlaceholders, type ConnectionMode } from './placeholder-rules.js';
import { checkFraming, frameValue, outgoingFrames } from './framing-rules.js';

export interface RuleContext {
  /** Folder that relative file paths are resolved against. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

export interface RuleResult {
  issues: ConfigIssue[];
  /** Values of the `{{env.NAME}}` placeholders used where placeholders are allowed. */
  env: Record<string, string>;
}

type Report = (path: string, message: string) => void;
type Mode = ConnectionMode;

/**
 * The cross-field rules of the agent config, and the placeholder rules (placeholder-rules.ts). Reads the raw input defensively: a
 * field of the wrong type is skipped here, because the schema already reports it.
 */
export function checkAgentRules(raw: Record<string, unknown>, context: RuleContext): RuleResult {
  const connection = recordAt(raw, 'connection');
  const mode = modeOf(connection.mode);
  const { issues, env } = checkPlaceholders(raw, mode, context.env);
  const report: Report = (path, message) => issues.push({ path, message });
  if (isRecord(raw.connection)) checkMode(connection, mode, report); // a missing connection is reported once
  checkUrls(connection, mode, env, report);
  checkHeaders(connection, report);
  checkSetup(recordAt(connection, 'setup'), report);
  checkProtocol(connection, report);
  if (connection.protocol === 'socket.io') checkSocketioFrames(raw, report);
  checkSendVia(recordAt(recordAt(raw, 'messages'), 'sendVia'), env, report);
  checkCaFile(recordAt(connection, 'tls').caFile, context.baseDir, report);
  checkFraming(raw, context.baseDir, report);
  checkMessages(recordAt(raw, 'messages'), recordAt(raw, 'handshake'), report);
  checkSendFrames(recordAt(raw, 'messages'), report);
  checkHttpSteps(recordAt(raw, 'handshake').steps, env, report);
  return { issues, env };
}

function modeOf(value: unknown): Mode {
  if (value === undefined) return 'direct';
  return value === 'direct' || value === 'http-first' ? value : undefined;
}

function checkMode(connection: Record<string, unknown>, mode: Mode, report: Report): void {
  if (mode === 'direct') {
    if (connection.url === undefined) report('connection.url', 'required in direct mode');
    if (connection.setup !== undefined) report('connection.setup', 'not allowed in direct mode (set mode: http-first to use it)');
  } else if (mode === 'http-first') {
    if (connection.setup === undefined) report('connection.setup', 'required in http-first mode');
    if (connection.url !== undefined) report('connection.url', 'not allowed in http-first mode (the setup response gives the URL)');
  }
}

function checkUrls(connection: Record<string, unknown>, mode: Mode, env: Record<string, string>, report: Report): void {
  const { url } = connection;
  // socket.io negotiates from an HTTP URL as well as a WebSocket one.
  if (connection.protocol === 'socket.io') {
    if (mode !== 'http-first' && typeof url === 'string' && !hasScheme(url, ['ws://', 'wss://', 'http://', 'https://'], env)) {
      report('connection.url', 'must be a ws://, wss://, http:// or https:// URL');
    }
  } else if (mode !== 'http-first' && typeof url === 'string' && !hasScheme(url, ['ws://', 'wss://'], env)) {
    report('connection.url', 'must be a ws:// or wss:// URL');
  }
  const setupUrl = recordAt(connection, 'setup').url;
  if (mode !== 'direct' && typeof setupUrl === 'string' && !hasScheme(setupUrl, ['http://', 'https://'], env)) {
    report('connection.setup.url', 'must be an http:// or https:// URL');
  }
}

/**
 * Env values are known at load time, so `{{env.WS_URL}}` is checked as the URL it stands for;
 * a URL still holding other placeholders can only have its scheme checked.
 */
function hasScheme(text: string, schemes: string[], env: Record<string, string>): boolean {
  if (usesMissingEnv(text, env)) return true; // the unset variable is reported already
  const rendered = String(renderString(text, { env }));
  if (!schemes.some((scheme) => rendered.toLowerCase().startsWith(scheme))) return false;
  return placeholdersIn(rendered).length > 0 || URL.canParse(rendered);
}

function usesMissingEnv(text: string, env: Record<string, string>): boolean {
  return placeholdersIn(text).some((name) => {
    const ref = parsePlaceholder(name);
    return ref?.kind === 'env' && env[ref.name] === undefined;
  });
}

function checkHeaders(connection: Record<string, unknown>, report: Report): void {
  const names = checkHeaderNames(connection.headers, 'connection.headers', report);
  checkHeaderNames(recordAt(connection, 'setup').headers, 'connection.setup.headers', report);
  const protocolHeader = names.get('sec-websocket-protocol');
  if (protocolHeader !== undefined) {
    report(`connection.headers.${protocolHeader}`, 'not allowed: list the subprotocols to offer in connection.subprotocols');
  }
  const written = names.get('authorization');
  if (connection.authorization !== undefined && written !== undefined) {
    report('connection.authorization', `conflicts with connection.headers.${written} (give one or the other)`);
  }
}

/** Reports bad and repeated names; returns the lower-cased names mapped to how they were written. */
function checkHeaderNames(headers: unknown, path: string, report: Report): Map<string, string> {
  const seen = new Map<string, string>();
  if (!isRecord(headers)) return seen;
  for (const name of Object.keys(headers)) {
    const first = seen.get(name.toLowerCase());
    if (!HTTP_TOKEN.test(name)) report(`${path}.${name}`, 'not a valid header name');
    else if (first !== undefined) report(`${path}.${name}`, `repeats header ${first} (header names ignore case)`);
    else seen.set(name.toLowerCase(), name);
  }
  return seen;
}

function checkProtocol(connection: Record<string, unknown>, report: Report): void {
  const socketio = connection.protocol === 'socket.io';
  if (!socketio && connection.socketioPath !== undefined) report('connection.socketioPath', 'only allowed with protocol socket.io');
  if (socketio && connection.subprotocols !== undefined) {
    report('connection.subprotocols', 'not allowed with protocol socket.io (socket.io negotiates its own)');
  }
}

/** With socket.io every frame Parley sends is an event: `{event, data}`. */
function checkSocketioFrames(raw: Record<string, unknown>, report: Report): void {
  for (const [path, given] of outgoingFrames(raw)) {
    if (path.startsWith('messages.autoReplies')) continue;
    if (path === 'messages.sendTemplate' && given === undefined) {
      report(path, 'required with protocol socket.io (e.g. { event: user_uttered, data: { message: "{{message}}" } })');
      continue;
    }
    const frame = frameValue(given);
    if (given !== undefined && frame !== undefined && !(isRecord(frame) && typeof frame.event === 'string')) {
      report(path, 'must be a socket.io event { event: <name>, data: <value> } with protocol socket.io');
    }
  }
}

function checkSendVia(sendVia: Record<string, unknown>, env: Record<string, string>, report: Report): void {
  const { url } = sendVia;
  if (typeof url === 'string' && !hasScheme(url, ['http://', 'https://'], env)) report('messages.sendVia.url', 'must be an http:// or https:// URL');
  checkHeaderNames(sendVia.headers, 'messages.sendVia.headers', report);
}

function checkSetup(setup: Record<string, unknown>, report: Report): void {
  const { method, body } = setup;
  if (typeof method === 'string' && method.toUpperCase() === 'GET' && body !== undefined) {
    report('connection.setup.body', 'not allowed with method GET');
  }
}

function checkCaFile(caFile: unknown, baseDir: string, report: Report): void {
  if (typeof caFile !== 'string' || caFile === '') return;
  const path = 'connection.tls.caFile';
  // The file is checked now, before anything connects, so its name must be known now.
  if (placeholdersIn(caFile).length > 0) return report(path, 'placeholders are not allowed in a file path');
  const full = resolve(baseDir, caFile);
  if (!existsSync(full)) report(path, `file not found: ${full}`);
  else if (!statSync(full).isFile()) report(path, `not a file: ${full}`);
}

function checkMessages(messages: Record<string, unknown>, handshake: Record<string, unknown>, report: Report): void {
  const { directionPath, outboundDirection, inboundDirection, typePath, sendTemplate } = messages;
  if (directionPath !== undefined && outboundDirection === undefined && inboundDirection === undefined) {
    report('messages.outboundDirection', 'required when messages.directionPath is set (or give messages.inboundDirection)');
  }
  if (outboundDirection !== undefined && directionPath === undefined) {
    report('messages.directionPath', 'required when messages.outboundDirection is set');
  }
  if (inboundDirection !== undefined && directionPath === undefined) {
    report('messages.directionPath', 'required when messages.inboundDirection is set');
  }
  if (inboundDirection !== undefined && outboundDirection !== undefined) {
    report('messages.inboundDirection', 'conflicts with messages.outboundDirection (give one or the other)');
  }
  checkTypeLists(messages, report);
  const { readyType } = handshake;
  if (typeof readyType === 'string' && readyType !== '' && typePath === '') {
    report('handshake.readyType', 'cannot be used with messages.typePath "" (the ready message is found by its type)');
  }
  const template = frameValue(sendTemplate);
  if (template !== undefined && template !== null && !placeholdersIn(template as JsonValue).includes('message')) {
    report('messages.sendTemplate', 'must contain {{message}} (where the user text goes)');
  }
  checkClicks(messages, report);
}

/** README "Buttons, cards and clicks": a click template with no choices to click is a mistake, not a default to fall back on. */
function checkClicks(messages: Record<string, unknown>, report: Report): void {
  const { clickTemplate, choicesPath } = messages;
  const noChoices = choicesPath === undefined || (Array.isArray(choicesPath) && choicesPath.length === 0);
  if (clickTemplate !== undefined && noChoices) report('messages.clickTemplate', 'needs messages.choicesPath (where the choices to click are)');
  for (const [key, value] of Object.entries(messages)) {
    if (!['choicesPath', 'attachmentsPath', 'choiceTitlePath', 'choicePayloadPath'].includes(key)) continue;
    const paths = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    paths.forEach((path, index) => {
      if (typeof path === 'string' && path !== '' && path.split('.').some((segment) => segment === '')) {
        report(Array.isArray(value) ? `messages.${key}.${index}` : `messages.${key}`, 'has an empty segment (write a.*.b, not a..b)');
      }
    });
  }
}

/** The §9.3 type lists, each read at typePath: checked after `type`, before `textTypes`. */
const TYPE_LISTS = ['errorTypes', 'endTypes', 'turnEndTypes', 'typingTypes'] as const;

/**
 * The type lists need a typePath, and a type in two of them (or in one and in textTypes) would
 * silently lose to the class checked first, so it is refused.
 */
function checkTypeLists(messages: Record<string, unknown>, report: Report): void {
  const owner = new Map<string, string>();
  for (const name of [...TYPE_LISTS, 'textTypes'] as const) {
    // An absent textTypes is its default: a typing type "message" would still take its place.
    const raw = name === 'textTypes' && messages.textTypes === undefined ? ['message'] : messages[name];
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
    if (values.length > 0 && name !== 'textTypes' && messages.typePath === '') {
      report(`messages.${name}`, 'cannot be used with messages.typePath "" (frames are told apart by their type)');
    }
    for (const value of values) {
      const first = owner.get(value);
      if (first !== undefined && first !== name) report(`messages.${name}`, `"${value}" is also in messages.${first}; a type may be in one list only`);
      else owner.set(value, name);
    }
  }
}

/** `sendFrames` replaces the send template (README "Config reference"), and like it must carry the user's text. */
function checkSendFrames(messages: Record<string, unknown>, report: Report): void {
  const { sendFrames } = messages;
  if (sendFrames === undefined) return;
  if (messages.sendTemplate !== undefined) report('messages.sendFrames', 'conflicts with messages.sendTemplate (give one or the other)');
  if (!Array.isArray(sendFrames)) return; // the schema reports it
  const frames = sendFrames.map((frame) => frameValue(frame) as JsonValue);
  if (frames.length > 0 && !frames.some((frame) => frame !== undefined && placeholdersIn(frame).includes('message'))) {
    report('messages.sendFrames', 'must contain {{message}} in one of its frames (where the user text goes)');
  }
}

/** An `http` handshake step (README "Config reference") follows the setup request's rules. */
function checkHttpSteps(steps: unknown, env: Record<string, string>, report: Report): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step, index) => {
    const http = isRecord(step) ? recordAt(step, 'http') : {};
    const path = `handshake.steps.${index}.http`;
    if (typeof http.url === 'string' && !hasScheme(http.url, ['http://', 'https://'], env)) report(`${path}.url`, 'must be an http:// or https:// URL');
    checkHeaderNames(http.headers, `${path}.headers`, report);
    if (typeof http.method === 'string' && http.method.toUpperCase() === 'GET' && http.body !== undefined) report(`${path}.body`, 'not allowed with method GET');
  });
}
