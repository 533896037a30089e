import { randomUUID } from 'node:crypto';
import { emptyDrops } from '../../machines/defaults.js';
import type { AgentTurn, DropCounts } from '../../machines/types.js';
import type { AgentConfig, JsonValue } from '../config/types.js';
import { connect, type Conversation } from '../engine/connect.js';
import { addCredentials, conversationRedactor } from '../engine/secrets.js';
import { toErrorInfo, type ErrorCode } from '../errors.js';
import type { Redactor } from '../redact.js';
import { compileSendTemplate, renderValue, type TemplateVars } from '../template.js';
import { ProbePrinter } from './printer.js';
import { engineNow, FrameRecorder } from './recorder.js';
import { compileStepMatcher } from '../handshake-steps.js';
import type { FrameRecord, ProbeObservations, ProbeStage } from './types.js';

/** How long the probe listens after the reply, at least and at most (ms). */
const LATE_WINDOW_MIN_MS = 1000;
const LATE_WINDOW_MAX_MS = 10_000;
/** Closing waits for the socket's closing handshake; never longer than this. */
const CLOSE_WAIT_MS = 5000;

/** What {@link probeSession} sends and where it writes. */
export interface ProbeOptions {
  /** The user message to send. */
  message: string;
  /** Writes one line of the step-by-step report. */
  write: (line: string) => void;
}

/** What every step of one probe shares. */
interface Probe {
  config: AgentConfig;
  simulationId: string;
  /** Placeholder values; `setup` is filled in when the setup response arrives. */
  vars: TemplateVars;
  redactor: Redactor;
  printer: ProbePrinter;
  recorder: FrameRecorder;
  observations: ProbeObservations;
}

/**
 * One conversation, step by step (SPEC §7 `probe`): prints each step as it happens and returns
 * what it saw, for the advice. Never throws for anything the agent does.
 */
export async function probeSession(config: AgentConfig, options: ProbeOptions): Promise<ProbeObservations> {
  const probe = createProbe(config, options);
  probe.printer.header(config, options.message);
  if (config.connection.setup) probe.printer.setupRequest(config.connection.setup);
  else announceSocket(probe, config.connection.url);
  const conversation = await openConversation(probe);
  if (conversation) {
    try {
      await converse(conversation, probe);
    } finally {
      await closeWithin(conversation, CLOSE_WAIT_MS);
    }
  }
  probe.printer.dropped(droppedBy(probe.recorder.frames), probe.recorder.frames.length);
  return probe.observations;
}

function createProbe(config: AgentConfig, options: ProbeOptions): Probe {
  const simulationId = randomUUID();
  const vars: TemplateVars = { env: config.env, simulationId, caseId: 'probe' };
  // The engine's own redactor, made before connect() because the probe prints before it returns.
  const redactor = conversationRedactor(config, vars);
  const redact = (text: string) => redactor.redact(text);
  const printer = new ProbePrinter(options.write, redact, engineNow());
  const steps = compileStepMatcher(config.handshake.steps);
  const recorder = new FrameRecorder(Boolean(config.handshake.readyType), redact, (frame) => printer.frame(frame), steps);
  const observations: ProbeObservations = {
    config,
    message: options.message,
    sentFrame: null,
    frames: recorder.frames,
    error: null,
    failedStage: null,
    sentAt: null,
    reply: null,
    lateWindowMs: lateWindowMs(config),
    redact,
  };
  return { config, simulationId, vars, redactor, printer, recorder, observations };
}

/** What happens once the socket URL is known: where it goes, the init it sends, the ready wait. */
function announceSocket(probe: Probe, url: string | undefined): void {
  const { config, printer } = probe;
  printer.connectTarget(url, config);
  const init = renderInit(config, probe.vars);
  if (init !== null) printer.init(init);
  printer.steps(config, (value) => renderSafely(value, probe.vars));
  if (config.handshake.readyType) printer.awaitingReady(config);
}

/** Setup, connect and handshake; null (with the error recorded and printed) when they failed. */
async function openConversation(probe: Probe): Promise<Conversation | null> {
  const { config, printer, observations } = probe;
  try {
    return await connect(config, {
      simulationId: probe.simulationId,
      caseId: 'probe',
      redactor: probe.redactor,
      onFrame: probe.recorder.onFrame,
      onSetupResponse: (info) => {
        probe.vars = { ...probe.vars, setup: info.body };
        addCredentials(probe.redactor, config, probe.vars);
        printer.setupResponse(info);
        announceSocket(probe, info.websocketUrl);
      },
    });
  } catch (error) {
    const info = toErrorInfo(error);
    Object.assign(observations, { error: info, failedStage: stageOf(info.code) });
    printer.failure(info.message);
    return null;
  }
}

/** The stage a connect() failure ended, by its error code. */
function stageOf(code: ErrorCode): ProbeStage {
  if (code === 'setup-failed' || code === 'setup-no-url') return 'setup';
  if (code === 'connect-failed' || code === 'connect-timeout') return 'connect';
  return 'handshake';
}

/** Connected: the opening turn, the message, the reply, then a short listen for late frames. */
async function converse(conversation: Conversation, probe: Probe): Promise<void> {
  const { printer, recorder, observations } = probe;
  recorder.handshakeDone();
  printer.connected(conversation.stats.timings);
  followUnaskedTurns(conversation, probe);
  recorder.phase = 'reply';
  const reply = await sendMessage(conversation, probe);
  if (!reply) return;
  observations.reply = reply;
  printer.reply(reply, probe.config);
  if (reply.timedOut) return;
  recorder.phase = 'after';
  printer.listening(observations.lateWindowMs);
  await within(conversation.done, observations.lateWindowMs);
}

/**
 * Prints turns nobody asked for: delivered before connect() resolved, or afterwards (an opening
 * turn that began after the ready message, or text that came after the reply).
 */
function followUnaskedTurns(conversation: Conversation, probe: Probe): void {
  const { printer, config, observations } = probe;
  for (const turn of conversation.transcript) if (turn.role === 'agent') printer.unasked(turn, 'opening', config);
  conversation.on('agentTurn', (turn) => {
    if (turn.replyTo === null) printer.unasked(turn, observations.reply ? 'late' : 'opening', config);
  });
}

/** Sends the message; resolves with the reply, or null (error recorded) when the conversation ended. */
async function sendMessage(conversation: Conversation, probe: Probe): Promise<AgentTurn | null> {
  const { printer, config, observations } = probe;
  const sentFrame = renderMessage(config, probe.vars, observations.message);
  observations.sentFrame = sentFrame;
  // Printed when it really goes out: a turn still being collected delays it (SPEC §3).
  conversation.once('userTurn', (turn) => {
    observations.sentAt = turn.at;
    printer.sent(turn.at, sentFrame ?? observations.message, config);
  });
  try {
    return await conversation.send(observations.message);
  } catch (error) {
    const info = toErrorInfo(error);
    Object.assign(observations, { error: info, failedStage: 'reply' });
    printer.failure(info.message);
    return null;
  }
}

/** max(1 s, coalesceSeconds), at most 10 s: long enough to see a pause the quiet period missed. */
function lateWindowMs(config: AgentConfig): number {
  return Math.min(LATE_WINDOW_MAX_MS, Math.max(LATE_WINDOW_MIN_MS, config.coalesceSeconds * 1000));
}

/** A step's frame as it goes out; as written when a placeholder cannot be rendered yet. */
function renderSafely(value: JsonValue, vars: TemplateVars): string {
  try {
    return JSON.stringify(renderValue(value, vars));
  } catch {
    return JSON.stringify(value);
  }
}

function renderInit(config: AgentConfig, vars: TemplateVars): string | null {
  if (config.connection.init === undefined) return null;
  try {
    return JSON.stringify(renderValue(config.connection.init, vars));
  } catch {
    return JSON.stringify(config.connection.init);
  }
}

/** The message as the engine puts it on the wire (the same template, the same values). */
function renderMessage(config: AgentConfig, vars: TemplateVars, message: string): string | null {
  try {
    return compileSendTemplate(config.messages.sendTemplate, vars)(message);
  } catch {
    return null;
  }
}

function droppedBy(frames: readonly FrameRecord[]): DropCounts {
  const dropped: DropCounts = emptyDrops();
  for (const frame of frames) if (frame.cls !== 'text' && frame.cls !== 'ready') dropped[frame.cls] += 1;
  return dropped;
}

async function closeWithin(conversation: Conversation, ms: number): Promise<void> {
  await within(conversation.close().catch(() => undefined), ms);
}

/**
 * Waits for `promise`, or `ms` at most. The timer stays referenced (so the process cannot end
 * mid-probe with the advice unprinted) and is cleared as soon as either side settles.
 */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
