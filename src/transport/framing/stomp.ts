import { isRecord } from '../../records.js';
import { invalidFrame, protocol, quote, type Layer, type Piece } from './types.js';

const NUL = 0;
const LF = 10;
const CR = 13;
/** CONNECT and CONNECTED frames carry their header values unescaped (STOMP 1.2, "Value Encoding"). */
const UNESCAPED = new Set(['CONNECT', 'CONNECTED']);
const ESCAPES: Record<string, string> = { '\\r': '\r', '\\n': '\n', '\\c': ':', '\\\\': '\\' };

/** One STOMP frame as Parley reads and writes it. */
export interface StompMessage {
  command: string;
  headers: Record<string, string>;
  /** Parsed as JSON when it is JSON (and no content-type says otherwise), else the text. */
  body: unknown;
}

class Unreadable extends Error {}

/**
 * `stomp`: STOMP 1.2 frames, `COMMAND`, header lines, a blank line, the body and NUL. Each is the
 * message `{command, headers, body}`; a frame that is only an end of line is a heart-beat.
 */
export function stompLayer(): Layer {
  return {
    decode(input) {
      const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
      if (isOnlyEol(bytes, 0)) return [protocol(bytes.toString('utf8'))];
      return readFrames(bytes);
    },
    encode: (value) => writeFrame(value),
  };
}

function isOnlyEol(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== LF && bytes[i] !== CR) return false;
  return true;
}

/**
 * Every frame of one WebSocket message (most hold one); EOLs between frames are padding. The
 * frames before one that cannot be read still count; the rest of the message is `invalidFrame`.
 */
function readFrames(bytes: Buffer): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  while (at < bytes.length && !isOnlyEol(bytes, at)) {
    while (bytes[at] === LF || bytes[at] === CR) at++;
    try {
      const frame = readFrame(bytes, at);
      pieces.push({ kind: 'message', value: frame.message });
      at = frame.end;
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      pieces.push(invalidFrame(`${error.message}: ${quote(bytes.toString('utf8', at))}`));
      break;
    }
  }
  return pieces;
}

function readLine(bytes: Buffer, at: number): { line: string; next: number } {
  const end = bytes.indexOf(LF, at);
  if (end < 0) throw new Unreadable('a STOMP frame cut short before its blank line');
  const stop = end > at && bytes[end - 1] === CR ? end - 1 : end;
  return { line: bytes.toString('utf8', at, stop), next: end + 1 };
}

function readFrame(bytes: Buffer, start: number): { message: StompMessage; end: number } {
  const first = readLine(bytes, start);
  const command = first.line;
  let at = first.next;
  if (!/^[A-Z]+$/.test(command)) throw new Unreadable('not a STOMP frame (no command line)');
  const headers: Record<string, string> = {};
  for (;;) {
    const { line, next } = readLine(bytes, at);
    at = next;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Unreadable(`a STOMP header line without a colon (${JSON.stringify(line)})`);
    const name = unescape(line.slice(0, colon), command);
    // STOMP 1.2: a repeated header's first value is the one that counts.
    if (!Object.prototype.hasOwnProperty.call(headers, name)) headers[name] = unescape(line.slice(colon + 1), command);
  }
  const length = headers['content-length'];
  let bodyEnd: number;
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw new Unreadable(`a STOMP content-length that is not a number (${JSON.stringify(length)})`);
    bodyEnd = at + Number(length);
    if (bytes[bodyEnd] !== NUL) throw new Unreadable('a STOMP frame whose body does not end with NUL at its content-length');
  } else {
    bodyEnd = bytes.indexOf(NUL, at);
    if (bodyEnd < 0) throw new Unreadable('a STOMP frame without the NUL that ends it');
  }
  const text = bytes.toString('utf8', at, bodyEnd);
  return { message: { command, headers, body: bodyValue(text, headers['content-type']) }, end: bodyEnd + 1 };
}

function unescape(text: string, command: string): string {
  if (UNESCAPED.has(command)) return text;
  return text.replace(/\\(.?)/g, (sequence) => {
    const plain = ESCAPES[sequence];
    if (plain === undefined) throw new Unreadable(`an undefined STOMP escape ${JSON.stringify(sequence)} in a header`);
    return plain;
  });
}

function bodyValue(text: string, contentType: string | undefined): unknown {
  if (text === '' || (contentType !== undefined && !/json/i.test(contentType))) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Why `value` cannot be written as a STOMP frame, or null when it can. The config rules use it
 * on every fixed frame, so a mistake is found at load rather than at the first send.
 */
export function stompFrameProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'must be a STOMP frame { command, headers, body }';
  if (typeof value.command !== 'string' || !/^[A-Z]+$/.test(value.command)) return 'command must be a STOMP command in capitals (e.g. SEND)';
  if (value.headers !== undefined && !isRecord(value.headers)) return 'headers must be a map of names to values';
  const bad = Object.entries(value.headers ?? {}).find(([, header]) => header !== null && typeof header === 'object');
  if (bad) return `header ${bad[0]} must be a string, number or true/false`;
  const extra = Object.keys(value).find((key) => !['command', 'headers', 'body'].includes(key));
  return extra === undefined ? null : `unknown key ${extra} (a STOMP frame has command, headers and body)`;
}

function escape(text: string, command: string): string {
  if (UNESCAPED.has(command)) return text;
  return text.replace(/[\\\r\n:]/g, (char) => ({ '\\': '\\\\', '\r': '\\r', '\n': '\\n', ':': '\\c' })[char]!);
}

function writeFrame(value: unknown): string {
  const problem = stompFrameProblem(value);
  if (problem !== null) throw new Error(`cannot send ${JSON.stringify(value)?.slice(0, 80)} as STOMP: ${problem}`);
  const { command, headers = {}, body } = value as { command: string; headers?: Record<string, unknown>; body?: unknown };
  const lines = [command];
  const given = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  for (const [name, header] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-length') continue;
    lines.push(`${escape(name, command)}:${escape(header === null || header === undefined ? '' : String(header), command)}`);
  }
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  if (body !== undefined && typeof body !== 'string' && !given.has('content-type')) lines.push('content-type:application/json');
  lines.push(`content-length:${Buffer.byteLength(text)}`);
  return `${lines.join('\n')}\n\n${text}\0`;
}
