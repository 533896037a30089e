import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJson } from '../json.js';
import { placeholdersIn } from '../template.js';
import { BINARY_LAYERS, FRAMING_NAMES, WRAPPING_LAYERS, type FramingName } from '../transport/framing/names.js';
import { stompFrameProblem } from '../transport/framing/stomp.js';
import { isRecord, recordAt } from './issues.js';

type Report = (path: string, message: string) => void;

/**
 * Every frame the config makes Parley send, with its path: each goes out through the framing
 * (README "Frame formats"), so each must be something the framing can write. `sendTemplate` is listed only
 * when frames carry it (not with `sendVia`); an absent one stands for the default.
 */
export function outgoingFrames(raw: Record<string, unknown>): Array<[path: string, value: unknown]> {
  const connection = recordAt(raw, 'connection');
  const messages = recordAt(raw, 'messages');
  const steps = recordAt(raw, 'handshake').steps;
  const replies = messages.autoReplies;
  return [
    ['connection.init', connection.init],
    ['connection.keepaliveMessage', connection.keepaliveMessage],
    ...(Array.isArray(steps) ? steps.map((step, i): [string, unknown] => [`handshake.steps.${i}.send`, isRecord(step) ? step.send : undefined]) : []),
    ...(messages.sendVia === undefined ? userFrames(messages) : []),
    ...(Array.isArray(replies) ? replies.map((rule, i): [string, unknown] => [`messages.autoReplies.${i}.send`, isRecord(rule) ? rule.send : undefined]) : []),
  ];
}

/** What a user message sends over the socket: each of `sendFrames`, else the send template. */
function userFrames(messages: Record<string, unknown>): Array<[path: string, value: unknown]> {
  const { sendFrames } = messages;
  if (Array.isArray(sendFrames)) return sendFrames.map((frame, i): [string, unknown] => [`messages.sendFrames.${i}`, frame]);
  return [['messages.sendTemplate', messages.sendTemplate]];
}

/** A frame given as JSON text is checked as the value it holds; text that is not JSON is the schema's to report. */
export function frameValue(value: unknown): unknown {
  return typeof value === 'string' ? parseJson(value) : value;
}

/** The rules of `framing`, `binaryFrames` and `codec` (README "Frame formats") that span fields. */
export function checkFraming(raw: Record<string, unknown>, baseDir: string, report: Report): void {
  const connection = recordAt(raw, 'connection');
  const { framing, binaryFrames, codec } = connection;
  if (connection.protocol === 'socket.io') {
    for (const key of ['framing', 'binaryFrames', 'codec'] as const) {
      if (connection[key] !== undefined) report(`connection.${key}`, 'not allowed with protocol socket.io (socket.io has its own framing)');
    }
    return;
  }
  if (codec !== undefined && framing !== undefined) report('connection.codec', 'conflicts with connection.framing (give one or the other)');
  const layers = knownLayers(framing);
  if (layers) checkStacking(layers, typeof framing === 'string', report);
  const readsBytes = codec !== undefined ? 'codec' : layers?.find((layer) => BINARY_LAYERS.includes(layer));
  if (binaryFrames !== undefined && readsBytes !== undefined) {
    report('connection.binaryFrames', `not allowed with ${readsBytes === 'codec' ? 'a codec' : `framing ${readsBytes}`} (it reads binary frames itself)`);
  }
  if (typeof codec === 'string' && codec !== '') checkCodecFile(codec, baseDir, report);
  if (codec === undefined && layers?.at(-1) === 'stomp') checkStompFrames(raw, report);
}

/** The layers as given, when every one is a known name (the schema reports the others). */
function knownLayers(framing: unknown): FramingName[] | null {
  const list = typeof framing === 'string' ? [framing] : framing;
  if (!Array.isArray(list) || !list.every((name) => (FRAMING_NAMES as readonly unknown[]).includes(name))) return null;
  return list as FramingName[];
}

/** Outermost first: wrapping layers, then the one layer that reads values. */
function checkStacking(layers: FramingName[], single: boolean, report: Report): void {
  layers.forEach((layer, index) => {
    const path = single ? 'connection.framing' : `connection.framing.${index}`;
    const last = index === layers.length - 1;
    if (!last && !WRAPPING_LAYERS.includes(layer)) report(path, `${layer} must be the last layer (it reads the messages itself; only ${WRAPPING_LAYERS.join(', ')} carries another layer)`);
    else if (index > 0 && BINARY_LAYERS.includes(layer)) report(path, `${layer} cannot go inside ${layers[index - 1]} (its frames are binary, ${layers[index - 1]} carries text)`);
  });
}

function checkCodecFile(codec: string, baseDir: string, report: Report): void {
  const path = 'connection.codec';
  // The module is imported before anything connects, so its name must be known now.
  if (placeholdersIn(codec).length > 0) return report(path, 'placeholders are not allowed in a file path');
  const full = resolve(baseDir, codec);
  if (!existsSync(full)) report(path, `file not found: ${full}`);
  else if (!statSync(full).isFile()) report(path, `not a file: ${full}`);
}

/** With STOMP every frame Parley sends is `{command, headers, body}`. */
function checkStompFrames(raw: Record<string, unknown>, report: Report): void {
  for (const [path, given] of outgoingFrames(raw)) {
    if (given === undefined && path !== 'messages.sendTemplate') continue;
    if (given === undefined) {
      report(path, 'required with framing stomp (e.g. { command: SEND, headers: { destination: /app/chat }, body: { text: "{{message}}" } })');
      continue;
    }
    const value = frameValue(given);
    const problem = value === undefined ? null : stompFrameProblem(value);
    if (problem !== null) report(path, `${problem} with framing stomp`);
  }
}
