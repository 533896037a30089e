import { randomUUID } from 'node:crypto';
import { emptyDrops } from '../../machines/defaults.js';
import type { AgentTurn, DropCounts } from '../../machines/types.js';
import type { AgentConfig } from '../config/types.js';
import { connect, type Conversation } from '../engine/connect.js';
import { addCredentials, conversationRedactor } from '../engine/secrets.js';
import { thrownErrorInfo, type ErrorCode } from '../errors.js';
import type { Redactor } from '../redact.js';
import type { TemplateVars } from '../template.js';
import { ProbePrinter } from './printer.js';
import { renderedSetup, renderInit, renderMessage, renderSafely, renderUrl } from './rendered.js';
import { credentialsIn } from './setup-body.js';
import { engineNow, FrameRecorder } from './recorder.js';
import { compileStepMatcher } from '../handshake-steps.js';
import type { FrameRecord, ProbeObservations, ProbeStage } from './types.js';

/** How long the probe listens after the reply, at least and at most (ms). */
const LATE_WINDOW_MIN_MS = 1000;
const LATE_WINDOW_MAX_MS = 10_000;
/** Closing waits for the socket's closing handshake; never longer than this. */
const CLOSE_WAIT_MS = 5000;
/**
 * How long the probe listens before it sends, at least (ms): a greeting the agent sends in answer
 * to the init frame comes in this window and is shown as the opening turn, not as the reply.
 */
const SETTLE_MIN_MS = 1000;
const SETTLE_MAX_MS = 5000;

/** What {@link probeSession} sends and where it writes. */
export interface ProbeOptions {
  /** The user message to send. */
  message: string;
  /** Wait for the agent's opening turn (up to responseTimeoutSeconds) before sending. @default false */
  agentFirst?: boolean;
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
  agentFirst: boolean;
  observations: ProbeObservations;
}

/**
 * One conversation, step by step (README "CLI" `probe`): prints each step as it happens and returns
 * what it saw, for the advice. Never throws for anything the agent does.
 */
export async function probeSession(config: AgentConfig, options: ProbeOptions): Promise<ProbeObservations> {
  const probe = createProbe(config, options);
  probe.printer.header(config, options.message);
  if (config.connection.setup) probe.printer.setupRequest(renderedSetup(config.connection.setup, probe.vars));
  else announceSocket(probe, renderUrl(config.connection.url, probe.vars));
  const conversation = await openConversation(probe);
  if (conversation) {
    try {
      await converse(conversation, probe);
    } finally {
      await closeWithin(conversation, CLOSE_WAIT_MS);
    }
  }
  probe.printer.dropped(droppedBy(probe.recorder.frames), probe.recorder.frames.at(-1)?.index ?? 0);
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
    opening: null,
    setupBody: null,
    lateWindowMs: lateWindowMs(config),
    redact,
  };
  return { config, simulationId, vars, redactor, printer, recorder, observations, agentFirst: options.agentFirst ?? false };
}

/** What happens once the socket URL is known: where it goes, the init it sends, the ready wait. */
function announceSocket(probe: Probe, url: string | undefined): void {
  const { config, printer } = probe;
  printer.connectTarget(url, config, (text) => renderUrl(text, probe.vars)!);
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
      onSetupBody: (info) => {
        observations.setupBody = info.body;
        addCredentials(probe.redactor, config, { ...probe.vars, setup: info.body });
        // A session token is masked wherever it shows up again: in the socket URL, in a frame.
        for (const secret of credentialsIn(info.body)) probe.redactor.add(secret);
        printer.setupBody(info.body);
      },
      onSetupResponse: (info) => {
        probe.vars = { ...probe.vars, setup: info.body };
        addCredentials(probe.redactor, config, probe.vars);
        printer.setupResponse(info);
        announceSocket(probe, info.websocketUrl);
      },
    });
  } catch (error) {
    const info = thrownErrorInfo(error);
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
  recorder.phase = 'opening';
  await awaitOpening(conversation, probe);
  recorder.phase = 'reply';
  const reply = await sendMessage(conversation, probe);
  if (!reply) return;
  observations.reply = reply;
  printer.reply(reply, probe.config, frameNumbers(recorder.frames, 'reply', reply.deliveredAt));
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
  const { printer, config, observations, recorder } = probe;
  const opening = (turn: AgentTurn) => {
    observations.opening ??= turn;
    printer.unasked(turn, 'opening', config, frameNumbers(recorder.frames, 'opening', turn.deliveredAt));
  };
  for (const turn of conversation.transcript) if (turn.role === 'agent') opening(turn);
  conversation.on('agentTurn', (turn) => {
    if (turn.replyTo !== null) return;
    if (observations.reply) printer.unasked(turn, 'late', config, frameNumbers(recorder.frames, 'after', turn.deliveredAt));
    else opening(turn);
  });
}

/**
 * Before sending: with `--agent-first`, waits for the opening turn (up to responseTimeoutSeconds);
 * otherwise listens a moment, and if the agent starts talking, lets that turn finish first (a
 * message sent meanwhile would wait for it anyway, visualizations/conversation.mmd), so it is shown as the opening turn.
 */
async function awaitOpening(conversation: Conversation, probe: Probe): Promise<void> {
  const { config, printer, observations, recorder } = probe;
  if (observations.opening) return;
  const delivered = new Promise<void>((resolve) => {
    conversation.on('agentTurn', (turn) => {
      if (turn.replyTo === null) resolve();
    });
  });
  if (probe.agentFirst) {
    printer.awaitingOpening(config.responseTimeoutSeconds);
    await within(Promise.race([delivered, conversation.done]), config.responseTimeoutSeconds * 1000);
    if (!observations.opening) printer.noOpening(config.responseTimeoutSeconds);
    return;
  }
  const settleMs = Math.min(SETTLE_MAX_MS, Math.max(SETTLE_MIN_MS, config.coalesceSeconds * 1000));
  await within(Promise.race([delivered, conversation.done]), settleMs);
  // Text arrived but its turn is still open: the send below queues behind it, so say so.
  if (!observations.opening && recorder.frames.some((frame) => frame.phase !== 'handshake' && frame.cls === 'text')) {
    printer.openingInProgress();
  }
}

/** `#3–#5`: the frames whose text made the turn delivered at `deliveredAt`, of this phase or before. */
function frameNumbers(frames: readonly FrameRecord[], phase: FrameRecord['phase'], deliveredAt: number): string {
  const phases: Record<FrameRecord['phase'], ReadonlyArray<FrameRecord['phase']>> = {
    handshake: ['handshake'],
    opening: ['handshake', 'opening'],
    reply: ['reply'],
    after: ['after'],
  };
  const numbers = [...new Set(frames.filter((f) => f.cls === 'text' && phases[phase].includes(f.phase) && f.at <= deliveredAt).map((f) => f.index))];
  if (numbers.length === 0) return '';
  return numbers.length === 1 ? `frame #${numbers[0]}` : `frames #${numbers[0]}–#${numbers.at(-1)}`;
}

/** Sends the message; resolves with the reply, or null (error recorded) when the conversation ended. */
async function sendMessage(conversation: Conversation, probe: Probe): Promise<AgentTurn | null> {
  const { printer, config, observations } = probe;
  const sentFrame = renderMessage(config, probe.vars, observations.message);
  observations.sentFrame = sentFrame;
  // Printed when it really goes out: a turn still being collected delays it (visualizations/conversation.mmd).
  conversation.once('userTurn', (turn) => {
    observations.sentAt = turn.at;
    printer.sent(turn.at, sentFrame ?? observations.message, config);
  });
  try {
    return await conversation.send(observations.message);
  } catch (error) {
    const info = thrownErrorInfo(error);
    Object.assign(observations, { error: info, failedStage: 'reply' });
    printer.failure(info.message);
    return null;
  }
}

/** max(1 s, coalesceSeconds), at most 10 s: long enough to see a pause the quiet period missed. */
function lateWindowMs(config: AgentConfig): number {
  return Math.min(LATE_WINDOW_MAX_MS, Math.max(LATE_WINDOW_MIN_MS, config.coalesceSeconds * 1000));
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
