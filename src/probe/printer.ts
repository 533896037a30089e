import type { AgentTurn, DropCounts, Timings } from '../../machines/types.js';
import { describeCondition } from '../classify/condition.js';
import type { AgentConfig, JsonValue } from '../config/types.js';
import { maskHeaders } from '../redact.js';
import { maskCredentials } from './setup-body.js';
import { formatMs, frameNotes, shorten } from '../report/format.js';
import type { FrameRecord } from './types.js';

/** Frames are cut to about this many characters (README "CLI": shortened). */
export const FRAME_WIDTH = 120;
/** Wide enough for the longest class name (`invalidJson`). */
const CLASS_WIDTH = 11;
/** The setup response body is shown up to this many characters. */
const BODY_WIDTH = 600;

/**
 * The probe's step-by-step lines. Every text that came from the config or the agent passes
 * through `redact` before it is written.
 */
export class ProbePrinter {
  constructor(
    private readonly write: (line: string) => void,
    private readonly redact: (text: string) => string,
    private readonly t0: number,
  ) {}

  header(config: AgentConfig, message: string): void {
    const name = config.name ? `${config.name} ` : '';
    this.write(`Probing ${this.redact(name)}(${config.connection.mode}) with the message ${this.redact(JSON.stringify(message))}`);
    this.write('');
  }

  setupRequest(setup: NonNullable<AgentConfig['connection']['setup']>): void {
    this.write(`→ setup request   ${setup.method} ${this.redact(setup.url)}`);
    this.headers(setup.headers);
    if (setup.body !== undefined) this.write(`    body: ${this.short(JSON.stringify(setup.body))}`);
  }

  /** The setup response's body, secrets masked, cut to a few lines. */
  setupBody(body: unknown): void {
    this.write(`← setup body      ${shorten(this.redact(JSON.stringify(maskCredentials(body)) ?? ''), BODY_WIDTH)}`);
  }

  setupResponse(info: { status: number; websocketUrl: string; ms: number }): void {
    this.write(`← setup response  HTTP ${info.status} in ${formatMs(info.ms)}, WebSocket URL ${this.redact(info.websocketUrl)}`);
  }

  /** Where the socket connects and its handshake headers, rendered by `render` (placeholders filled). */
  connectTarget(url: string | undefined, config: AgentConfig, render: (text: string) => string = (text) => text): void {
    const where = url === undefined ? 'the URL from the setup response' : this.redact(url);
    this.write(`→ connect         ${where} (timeout ${config.connection.connectTimeoutSeconds} s)`);
    const headers = Object.fromEntries(Object.entries(config.connection.headers).map(([name, value]) => [name, render(value)]));
    if (config.connection.authorization !== undefined) headers.Authorization = render(config.connection.authorization);
    this.headers(headers);
  }

  init(frame: string): void {
    this.write(`→ init on open    ${this.short(frame)}`);
  }

  awaitingReady(config: AgentConfig): void {
    const { readyType, timeoutSeconds } = config.handshake;
    this.write(`  … waiting up to ${timeoutSeconds} s for a frame with ${config.messages.typePath} = ${JSON.stringify(readyType)}`);
  }

  /** The handshake steps (README "Connecting to your agent"), in order: what each sends and what it waits for. */
  steps(config: AgentConfig, render: (value: JsonValue) => string): void {
    config.handshake.steps.forEach((step, index) => {
      const captures = step.capture ? `, captures ${Object.entries(step.capture).map(([name, path]) => `${name} = ${path}`).join(', ')}` : '';
      if (step.http) {
        this.write(`→ step ${index + 1}          http ${step.http.method} ${this.short(String(JSON.parse(render(step.http.url))))}${captures}`);
        return;
      }
      const sends = step.send === undefined ? 'nothing to send' : this.short(render(step.send));
      const awaits = step.await ? `, then waits for ${describeCondition(step.await)}` : '';
      this.write(`→ step ${index + 1}          ${sends}${awaits}${captures}`);
    });
    if (config.handshake.steps.length > 0) this.write(`  … the whole handshake within ${config.handshake.timeoutSeconds} s`);
  }

  frame(frame: FrameRecord): void {
    if (frame.item === undefined) {
      this.write(`  ← ${this.offset(frame.at)}  ${frame.cls.padEnd(CLASS_WIDTH)} ${shorten(escapeControls(frame.shown), FRAME_WIDTH)}`);
    } else {
      if (frame.item.index === 0) this.write(`  ← ${this.offset(frame.at)}  ${'list'.padEnd(CLASS_WIDTH)} ${frame.item.of} messages in one frame`);
      this.write(`      [${frame.item.index}] ${frame.cls.padEnd(CLASS_WIDTH)} ${shorten(escapeControls(frame.shown), FRAME_WIDTH - 4)}`);
    }
    // A frame the framing could not read says why (README "Frame formats").
    if (frame.cls === 'invalidFrame' && frame.detail !== undefined) this.write(`      why: ${shorten(escapeControls(frame.detail), FRAME_WIDTH)}`);
  }

  connected(timings: Timings): void {
    const parts = [`socket open in ${formatMs(timings.connectMs)}`];
    if (timings.setupMs !== null) parts.unshift(`setup ${formatMs(timings.setupMs)}`);
    if (timings.handshakeMs !== null) parts.push(`handshake (ready) after ${formatMs(timings.handshakeMs)}`);
    this.write(`✓ connected: ${parts.join(', ')}`);
  }

  /** A turn the agent started itself: its opening turn, or late text after the reply. */
  unasked(turn: AgentTurn, kind: 'opening' | 'late', config: AgentConfig, frames = ''): void {
    if (turn.text === '') {
      this.write(`✗ an empty ${kind} turn was delivered (no text within responseTimeoutSeconds, ${config.responseTimeoutSeconds} s)`);
      return;
    }
    const label = kind === 'opening' ? 'opening turn from the agent' : 'late turn from the agent (in a run it joins the next reply)';
    const from = frames ? ` (${frames})` : '';
    this.write(`${kind === 'opening' ? '✓' : '!'} ${label}${from}: ${this.short(turn.text)}`);
  }

  /** The message's frames (one per line for `sendFrames`), as they went out. */
  sent(at: number, frames: string, config: AgentConfig): void {
    frames.split('\n').forEach((frame, index) => {
      this.write(index === 0 ? `→ ${this.offset(at)}  message     ${this.short(frame)}` : `                      then      ${this.short(frame)}`);
    });
    this.write(`  … waiting up to ${config.responseTimeoutSeconds} s for a reply, then ${config.coalesceSeconds} s of quiet`);
  }

  awaitingOpening(seconds: number): void {
    this.write(`  … waiting up to ${seconds} s for the agent's opening turn (--agent-first)`);
  }

  noOpening(seconds: number): void {
    this.write(`✗ no opening turn within responseTimeoutSeconds (${seconds} s); sending the message anyway`);
  }

  openingInProgress(): void {
    this.write('  … the agent started talking before the message: its turn is collected first, then the message goes out');
  }

  reply(turn: AgentTurn, config: AgentConfig, frames = ''): void {
    if (turn.timedOut || turn.text === '') {
      this.write(`✗ no reply: nothing accepted as text within responseTimeoutSeconds (${config.responseTimeoutSeconds} s)`);
      return;
    }
    // A stream of deltas reads as its joined text, not one piece per line.
    const streamed = config.messages.joinWith === '' && turn.messages.length > 1;
    const count = turn.messages.length === 1 ? '1 message' : streamed ? `${turn.messages.length} parts, joined` : `${turn.messages.length} messages`;
    const last = turn.messages.length > 1 ? `, last after ${formatMs(turn.lastMessageLatencyMs)}` : '';
    const cut = turn.truncated ? `, cut after maxTurnSeconds (${config.maxTurnSeconds} s)` : '';
    const from = frames ? `, ${frames}` : '';
    this.write(`✓ reply to the message (${count}${from}): first after ${formatMs(turn.latencyMs)}${last}${cut}`);
    for (const message of streamed ? [turn.text] : turn.messages) this.write(`    ${this.short(message)}`);
  }

  listening(ms: number): void {
    this.write(`  … listening ${formatMs(ms)} more for late frames`);
  }

  failure(message: string): void {
    this.write(`✗ ${this.redact(message)}`);
  }

  dropped(dropped: DropCounts, frames: number): void {
    this.write('');
    this.write(`Frames: ${frames} received; ${frameNotes(dropped)}`);
  }

  private headers(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(maskHeaders(headers))) this.write(`    ${name}: ${this.redact(value)}`);
  }

  private short(text: string): string {
    return shorten(escapeControls(this.redact(text)), FRAME_WIDTH);
  }

  /** `+1.234 s` since the probe started. */
  private offset(at: number): string {
    return `+${((at - this.t0) / 1000).toFixed(3)} s`;
  }
}

/** Control characters as JSON writes them (`\u001e`, `\n`), so a record separator or a NUL shows instead of vanishing. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1).replace(/^\u007f$/, '\\u007f'));
}
