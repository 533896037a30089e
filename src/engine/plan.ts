import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConversationInput, ConversationTimeouts } from '../../machines/types.js';
import { compileClassifier, type ClassifiedFrame, type ValueClassifier } from '../classify.js';
import type { AgentConfig, JsonValue } from '../config/types.js';
import { renderHeaders } from '../headers.js';
import type { Redactor } from '../redact.js';
import { compileSendFrames, compileSendTemplate, placeholdersIn, renderText, renderValue, type TemplateVars } from '../template.js';
import { compileStepMatcher, stepPlans, type StepMatcher } from '../handshake-steps.js';
import { clickVars, createSendVia, type SendVia } from '../transport/send-via.js';
import type { SetupPlan } from '../transport/setup-actor.js';
import { framingPlan, type FramingPlan } from '../transport/framing/index.js';
import type { SocketPlan } from '../transport/session.js';
import { capturesValues, createHandshakeRuntime } from './handshake-values.js';
import { addCredentials, conversationRedactor } from './secrets.js';

/** Largest agent frame accepted (bytes); a bigger one ends the conversation as `connection-lost`. */
export const DEFAULT_MAX_PAYLOAD = 4 * 1024 * 1024;

/** Per-conversation options of the engine. */
export interface PlanOptions {
  /** `{{simulation.id}}`. @default a fresh UUID */
  simulationId?: string;
  /** `{{case.id}}`. @default 'adhoc' */
  caseId?: string;
  /** @default 4 MiB */
  maxPayload?: number;
  onFrame?: SocketPlan['onFrame'];
  onSetupResponse?: SetupPlan['onResponse'];
  /** Sees the setup response's JSON body before its URL is read (probe). */
  onSetupBody?: SetupPlan['onBody'];
  /** Masks this conversation's secrets; the engine adds to it. @default one from {@link conversationRedactor} */
  redactor?: Redactor;
  /** The conversation's clock (epoch ms), for the machine and for stamping frames. @default the real clock */
  now?: () => number;
}

export interface ConversationPlan {
  input: ConversationInput;
  simulationId: string;
  redactor: Redactor;
}

/** What depends only on the config, built once per config object rather than per conversation. */
interface ConfigCache {
  classifierFor: (inboundDirection?: string) => ValueClassifier;
  framing: FramingPlan;
  matchSteps: StepMatcher;
  ca: Buffer | undefined;
  /** Read-only timer lengths, shared by every conversation of the config. */
  timeouts: ConversationTimeouts;
  /** The send template compiled once, when nothing in it differs between conversations. */
  render: SocketPlan['render'] | null;
}

/** Placeholders whose value is the same in every conversation of a config (or set per message). */
const SHARED_PLACEHOLDER = /^(message(\.seq|\.id)?|env\..+)$/;
const cache = new WeakMap<AgentConfig, ConfigCache>();

function cached(config: AgentConfig): ConfigCache {
  let entry = cache.get(config);
  if (!entry) {
    const caFile = config.connection.tls?.caFile;
    entry = {
      classifierFor: compileClassifier(config.messages, config.handshake.readyType, config.handshake.readyWhen),
      framing: framingPlan(config.connection),
      matchSteps: compileStepMatcher(config.handshake.steps),
      ca: caFile ? readFileSync(caFile) : undefined,
      timeouts: Object.freeze({
        connectMs: config.connection.connectTimeoutSeconds * 1000,
        handshakeMs: config.handshake.timeoutSeconds * 1000,
        quietMs: config.coalesceSeconds * 1000,
        responseMs: config.responseTimeoutSeconds * 1000,
        maxTurnMs: config.maxTurnSeconds * 1000,
      }),
      // Shared when it names only the message and env: a run of thousands then holds one copy.
      render: placeholdersIn(outgoing(config)).every((name) => SHARED_PLACEHOLDER.test(name)) ? compileRender(config, { env: config.env }) : null,
    };
    cache.set(config, entry);
  }
  return entry;
}

/** What a user message sends: `sendFrames`, else the send template. */
const outgoing = (config: AgentConfig): JsonValue => config.messages.sendFrames ?? config.messages.sendTemplate;

function compileRender(config: AgentConfig, vars: TemplateVars): SocketPlan['render'] {
  const { sendFrames, sendTemplate } = config.messages;
  return sendFrames ? compileSendFrames(sendFrames, vars) : compileSendTemplate(sendTemplate, vars);
}

/** A click through `clickTemplate`; rendered per click, which is rare enough not to compile. */
function clickRenderer(template: JsonValue | undefined, vars: TemplateVars): Pick<SocketPlan, 'renderClick'> {
  if (template === undefined) return {};
  return { renderClick: (message, choice) => JSON.stringify(renderValue(template, clickVars(vars, message, choice))) };
}

function socketPlan(config: AgentConfig, vars: TemplateVars, url: string, redactor: Redactor, options: PlanOptions): SocketPlan {
  const { connection } = config;
  const headers = renderHeaders(connection.headers, vars);
  if (connection.authorization !== undefined) headers.Authorization = renderText(connection.authorization, vars);
  const { classifierFor, framing, matchSteps, ca } = cached(config);
  const { inboundDirection } = config.messages;
  const plan: SocketPlan = {
    protocol: connection.protocol,
    socketioPath: connection.socketioPath,
    url,
    headers,
    ...(connection.subprotocols ? { subprotocols: connection.subprotocols } : {}),
    init: rendered(connection.init, vars),
    framing,
    ...afterHandshake(config, vars, redactor),
    classify: classifierFor(inboundDirection === undefined ? undefined : renderText(inboundDirection, vars)),
    matchSteps,
    keepaliveMs: connection.keepaliveSeconds * 1000,
    maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
    ...(connection.tls ? { tls: { ca, rejectUnauthorized: connection.tls.rejectUnauthorized } } : {}),
    redactor,
    ...(options.onFrame ? { onFrame: options.onFrame } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  if (capturesValues(config.handshake.steps)) {
    plan.handshake = createHandshakeRuntime({
      steps: config.handshake.steps,
      vars,
      redactor,
      timeoutMs: config.connection.connectTimeoutSeconds * 1000,
      // The plan is this conversation's own: what may hold `{{handshake.*}}` is rendered again in it.
      onValues: (withValues) => Object.assign(plan, afterHandshake(config, withValues, redactor)),
    });
  }
  return plan;
}

const rendered = (value: JsonValue | undefined, vars: TemplateVars) => (value === undefined ? null : JSON.stringify(renderValue(value, vars)));

/** What may use `{{handshake.*}}` values (README "Config reference"), rendered with `vars`. */
function afterHandshake(config: AgentConfig, vars: TemplateVars, redactor: Redactor) {
  return {
    steps: config.handshake.steps.map((step) => rendered(step.send, vars)),
    keepaliveMessage: rendered(config.connection.keepaliveMessage, vars),
    // The shared one holds no `{{handshake.*}}`: nothing in it changes as values land.
    render: cached(config).render ?? compileRender(config, vars),
    ...clickRenderer(config.messages.clickTemplate, vars),
    ...sendViaOf(config, vars, redactor),
    autoReplies: config.messages.autoReplies.map((rule) => JSON.stringify(renderValue(rule.send, vars))),
  };
}

function sendViaOf(config: AgentConfig, vars: TemplateVars, redactor: Redactor): { sendVia?: SendVia } {
  const { sendVia } = config.messages;
  if (!sendVia) return {};
  // Rendered once now so a `{{setup.x}}` missing from the response fails setup, before connecting,
  // and so a credential the response renders into them (`{{setup.token}}`) is masked from the start:
  // the same token often rides in the stream URL that a connect error would name.
  renderText(sendVia.url, vars);
  renderHeaders(sendVia.headers, vars, { redactor });
  const timeoutMs = config.connection.connectTimeoutSeconds * 1000;
  return {
    sendVia: createSendVia({
      config: sendVia,
      bodies: config.messages.sendFrames ?? [config.messages.sendTemplate],
      ...(config.messages.clickTemplate === undefined ? {} : { clickTemplate: config.messages.clickTemplate }),
      vars,
      timeoutMs,
      redactor,
    }),
  };
}

function setupPlan(config: AgentConfig, vars: TemplateVars, redactor: Redactor, options: PlanOptions): SetupPlan {
  const setup = config.connection.setup!;
  return {
    url: renderText(setup.url, vars),
    headers: renderHeaders(setup.headers, vars),
    method: setup.method,
    ...(setup.body === undefined ? {} : { body: renderValue(setup.body, vars) }),
    websocketUrlPath: setup.websocketUrlPath,
    ...(config.connection.protocol === 'socket.io' ? { acceptsHttpUrl: true } : {}),
    timeoutMs: config.connection.connectTimeoutSeconds * 1000,
    redactor,
    toSocket: (response, websocketUrl) => {
      const withSetup = { ...vars, setup: response };
      // What the response renders into the handshake credentials is as secret as they are.
      addCredentials(redactor, config, withSetup);
      return socketPlan(config, withSetup, websocketUrl, redactor, options);
    },
    ...(options.onSetupResponse ? { onResponse: options.onSetupResponse } : {}),
    ...(options.onSetupBody ? { onBody: options.onSetupBody } : {}),
  };
}

/**
 * A fresh `{{simulation.id}}`, as one flat string. Node builds `randomUUID()` by joining some 20
 * pieces, and V8 keeps such a string as a tree of them (about 0.4 KiB) until something reads its
 * characters; a conversation holds its id for life, so it is read once here and flattened.
 */
function newSimulationId(): string {
  const id = randomUUID();
  id.charCodeAt(0);
  return id;
}

function directSocket(config: AgentConfig, vars: TemplateVars, redactor: Redactor, options: PlanOptions): Pick<ConversationInput, 'socket' | 'socketUrl'> {
  const url = renderText(config.connection.url!, vars);
  return { socket: socketPlan(config, vars, url, redactor, options), socketUrl: redactor.redact(url) };
}

/** Turns a validated config into the conversation machine's input for one conversation. */
export function planConversation(config: AgentConfig, options: PlanOptions = {}): ConversationPlan {
  const simulationId = options.simulationId ?? newSimulationId();
  const vars: TemplateVars = { env: config.env, simulationId, caseId: options.caseId ?? 'adhoc' };
  const redactor = options.redactor ?? conversationRedactor(config, vars);
  const direct = config.connection.mode === 'direct';
  const input: ConversationInput = {
    awaitReady: Boolean(config.handshake.readyType) || config.handshake.readyWhen.length > 0,
    joinWith: config.messages.joinWith,
    orderMessages: config.messages.orderByPath !== undefined,
    ...(config.handshake.steps.length > 0 ? { steps: stepPlans(config.handshake.steps) } : {}),
    ...(options.now ? { now: options.now } : {}),
    timeouts: cached(config).timeouts,
    ...(direct
      ? directSocket(config, vars, redactor, options)
      : { setup: setupPlan(config, vars, redactor, options) }),
  };
  return { input, simulationId, redactor };
}

export type { ClassifiedFrame };
