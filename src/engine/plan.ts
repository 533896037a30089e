import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConversationInput } from '../../machines/types.js';
import { compileClassifier, type ClassifiedFrame, type Classifier } from '../classify.js';
import type { AgentConfig, JsonValue } from '../config/types.js';
import { Redactor } from '../redact.js';
import { compileSendTemplate, renderString, renderValue, type TemplateVars } from '../template.js';
import type { SetupPlan } from '../transport/setup-actor.js';
import type { SocketPlan } from '../transport/socket-actor.js';

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
  classifierFor: (inboundDirection?: string) => Classifier;
  ca: Buffer | undefined;
}
const cache = new WeakMap<AgentConfig, ConfigCache>();

function cached(config: AgentConfig): ConfigCache {
  let entry = cache.get(config);
  if (!entry) {
    const caFile = config.connection.tls?.caFile;
    entry = {
      classifierFor: compileClassifier(config.messages, config.handshake.readyType),
      ca: caFile ? readFileSync(caFile) : undefined,
    };
    cache.set(config, entry);
  }
  return entry;
}

function renderHeaders(headers: Record<string, string>, vars: TemplateVars): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = String(asText(renderString(value, vars)));
  return out;
}

function asText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function socketPlan(config: AgentConfig, vars: TemplateVars, url: string, redactor: Redactor, options: PlanOptions): SocketPlan {
  const { connection } = config;
  const headers = renderHeaders(connection.headers, vars);
  if (connection.authorization !== undefined) headers.Authorization = asText(renderString(connection.authorization, vars));
  redactor.addHeaders(headers);
  const { classifierFor, ca } = cached(config);
  const { inboundDirection, autoReplies } = config.messages;
  return {
    url,
    headers,
    init: connection.init === undefined ? null : JSON.stringify(renderValue(connection.init, vars)),
    render: compileSendTemplate(config.messages.sendTemplate, vars),
    classify: classifierFor(inboundDirection === undefined ? undefined : asText(renderString(inboundDirection, vars))),
    autoReplies: autoReplies.map((rule) => JSON.stringify(renderValue(rule.send, vars))),
    keepaliveMs: connection.keepaliveSeconds * 1000,
    maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
    ...(connection.tls ? { tls: { ca, rejectUnauthorized: connection.tls.rejectUnauthorized } } : {}),
    redactor,
    ...(options.onFrame ? { onFrame: options.onFrame } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
}

function setupPlan(config: AgentConfig, vars: TemplateVars, redactor: Redactor, options: PlanOptions): SetupPlan {
  const setup = config.connection.setup!;
  const headers = renderHeaders(setup.headers, vars);
  redactor.addHeaders(headers);
  return {
    url: asText(renderString(setup.url, vars)),
    method: setup.method,
    headers,
    ...(setup.body === undefined ? {} : { body: renderValue(setup.body, vars) }),
    websocketUrlPath: setup.websocketUrlPath,
    timeoutMs: config.connection.connectTimeoutSeconds * 1000,
    redactor,
    toSocket: (response, websocketUrl) => socketPlan(config, { ...vars, setup: response }, websocketUrl, redactor, options),
    ...(options.onSetupResponse ? { onResponse: options.onSetupResponse } : {}),
    ...(options.onSetupBody ? { onBody: options.onSetupBody } : {}),
  };
}

/** Turns a validated config into the conversation machine's input for one conversation. */
export function planConversation(config: AgentConfig, options: PlanOptions = {}): ConversationPlan {
  const simulationId = options.simulationId ?? randomUUID();
  const vars: TemplateVars = { env: config.env, simulationId, caseId: options.caseId ?? 'adhoc' };
  const redactor = new Redactor().add(config.connection.authorization).addHeaders(config.connection.headers);
  const direct = config.connection.mode === 'direct';
  const input: ConversationInput = {
    awaitReady: Boolean(config.handshake.readyType),
    joinWith: config.messages.joinWith,
    orderMessages: config.messages.orderByPath !== undefined,
    ...(options.now ? { now: options.now } : {}),
    timeouts: {
      connectMs: config.connection.connectTimeoutSeconds * 1000,
      handshakeMs: config.handshake.timeoutSeconds * 1000,
      quietMs: config.coalesceSeconds * 1000,
      responseMs: config.responseTimeoutSeconds * 1000,
      maxTurnMs: config.maxTurnSeconds * 1000,
    },
    ...(direct
      ? { socket: socketPlan(config, vars, asText(renderString(config.connection.url!, vars)), redactor, options) }
      : { setup: setupPlan(config, vars, redactor, options) }),
  };
  return { input, simulationId, redactor };
}

export type { ClassifiedFrame };
