import type { JsonValue } from '../json.js';
import type { FramingName } from '../transport/framing/names.js';

export type { JsonValue };

/** HTTP session-setup request of an http-first connection. */
export interface SetupConfig {
  /** The http:// or https:// URL to call; may hold placeholders. */
  url: string;
  /** @default 'POST' */
  method: string;
  /** JSON request body (given as an object or a string holding JSON). */
  body?: JsonValue;
  /** @default {} */
  headers: Record<string, string>;
  /** Dot path to the ws:// or wss:// URL in the JSON response. */
  websocketUrlPath: string;
}

/** How to reach the agent. */
export interface ConnectionConfig {
  /** @default 'direct' */
  mode: 'direct' | 'http-first';
  /**
   * `json`: each text frame is one JSON value. `socket.io`: Socket.IO v4 through socket.io-client;
   * each event is the frame `{event, data, args}`, and a frame sent is `{event, data}`.
   * @default 'json'
   */
  protocol: 'json' | 'socket.io';
  /** socket.io only: the Engine.IO path. @default '/socket.io' */
  socketioPath: string;
  /** Offered as Sec-WebSocket-Protocol (json protocol); the agent's pick is `timings.subprotocol`. */
  subprotocols?: string[];
  /** Also sent every `keepaliveSeconds` from when the socket opens (an application keepalive). */
  keepaliveMessage?: JsonValue;
  /** The ws:// or wss:// URL: required in direct mode, absent in http-first mode. */
  url?: string;
  /** The Authorization header of the WebSocket handshake. */
  authorization?: string;
  /** More WebSocket handshake headers. @default {} */
  headers: Record<string, string>;
  /** Initialization JSON, sent once right after the socket opens. */
  init?: JsonValue;
  /** Required in http-first mode, absent in direct mode. */
  setup?: SetupConfig;
  /** Setup request, TCP, TLS and upgrade together. @default 10 */
  connectTimeoutSeconds: number;
  /** Ping period; a missed pong ends the conversation. 0 turns keepalive off. @default 15 */
  keepaliveSeconds: number;
  /** TLS options for private CAs. `caFile` is already resolved against the config file's folder. */
  tls?: { caFile?: string; rejectUnauthorized: boolean };
  /**
   * The frame format (README "Frame formats"), as layers outermost first: `[sockjs, stomp]` is STOMP inside
   * SockJS. Given as one name or a list; a wrapping layer alone or last carries JSON, so `sockjs`
   * is `[sockjs, json]`. Only with protocol json.
   * @default ['json']
   */
  framing: FramingName[];
  /**
   * A binary frame under a text framing: `drop` counts it as `binary`; `text` decodes it as UTF-8
   * and reads it like a text frame. Not with `msgpack` or `codec`, which read binary frames.
   * @default 'drop'
   */
  binaryFrames: 'drop' | 'text';
  /**
   * Instead of `framing`: an ES module of the user's own exporting `decode(frame)` (a list of
   * messages) and `encode(value)` (a string or bytes). Already resolved against the config file's folder.
   */
  codec?: string;
}

/** User messages as HTTP requests: the body is the rendered send template (README "Config reference"). */
export interface SendViaConfig {
  /** The http:// or https:// URL; may hold placeholders, `{{message.seq}}` and `{{message.id}}` too. */
  url: string;
  /** @default 'POST' */
  method: string;
  /** @default {} */
  headers: Record<string, string>;
}

/** How user messages are sent and agent frames are read. */
export interface MessagesConfig {
  /** @default { type: 'message', text: '{{message}}' } */
  sendTemplate: JsonValue;
  /**
   * Instead of `sendTemplate`: one frame per item, sent in order for each user message (with
   * `sendVia`, one request per item, each awaited). Latency counts from the first.
   */
  sendFrames?: JsonValue[];
  /** Send user messages as HTTP requests instead of frames; replies still arrive on the socket. */
  sendVia?: SendViaConfig;
  /** Path to the frame's type. '' turns type filtering off. @default 'type' */
  typePath: string;
  /** Type values that carry text. @default ['message'] */
  textTypes: string[];
  /** @default 'text' */
  textPath: string;
  /** With `outboundDirection` or `inboundDirection`, turns direction filtering on. */
  directionPath?: string;
  /** Keep only frames whose value at `directionPath` is this (or one of these). A single string means a one-item list. */
  outboundDirection?: string[];
  /**
   * Drop frames whose value at `directionPath` is this (our own echoes), keep everything else. May
   * hold placeholders (`{{simulation.id}}`), rendered per conversation.
   */
  inboundDirection?: string;
  /** Paths whose value is a string holding JSON, parsed before anything else is read. @default [] */
  decode: string[];
  /** A frame carrying a list here ("" : the frame is a list): each item is classified as its own message. */
  itemsPath?: string;
  /** A turn's messages are sorted by this value (numbers, or ISO dates/strings) before delivery. */
  orderByPath?: string;
  /** Types that hold the turn open without adding text (restart the quiet period). @default [] */
  typingTypes: string[];
  /** Types that end the turn at once, without waiting for the quiet period. @default [] */
  turnEndTypes: string[];
  /** Types that mean the agent ended the conversation. @default [] */
  endTypes: string[];
  /** Types that report an error: the turn ends with `agent-error`. @default [] */
  errorTypes: string[];
  /** Where an error frame's message is; quoted in the `agent-error` message. */
  errorPath?: string;
  /** How a turn's messages join into its text; "" for token deltas. @default "\n" */
  joinWith: string;
  /** Frames answered at once by the transport, in any state (protocol pings). @default [] */
  autoReplies: AutoReply[];
  /** Also class `error` when any of these holds, whatever the type (README "Config reference"). @default [] */
  errorWhen: ConditionSet[];
  /** Also class `end` when any of these holds. @default [] */
  endWhen: ConditionSet[];
  /** Also class `turnEnd` when any of these holds. @default [] */
  turnEndWhen: ConditionSet[];
  /** Also class `typing` when any of these holds. @default [] */
  typingWhen: ConditionSet[];
  /**
   * Where a message's choices (buttons, quick replies) are: a list, or several paths read in order.
   * `*` means every item (`attachments.*.content.buttons`). A single string means a one-item list. @default []
   */
  choicesPath?: string[];
  /** A choice's title, inside each item of `choicesPath`. @default 'title' */
  choiceTitlePath?: string;
  /** A choice's payload (what a click sends); an item without one sends its title. @default 'payload' */
  choicePayloadPath?: string;
  /** Where a message's attachments (cards) are, kept in the transcript as sent; may hold `*`. */
  attachmentsPath?: string;
  /**
   * What a click sends; may use `{{choice.title}}` and `{{choice.payload}}`.
   * @default sendTemplate with `{{message}}` = the choice's payload
   */
  clickTemplate?: JsonValue;
}

/**
 * One test on a message (README "Config reference"): exactly one of `equals`, `exists` and `matches`, on the value
 * at `path` ("" is the message itself).
 */
export interface Condition {
  path: string;
  /** The value equals this (compared as JSON data), or one of these for a list. */
  equals?: JsonValue;
  /** true: there is a value at `path`; false: there is none. */
  exists?: boolean;
  /** A regular expression, plain or `/pattern/flags`, tested on a string (or a number's or boolean's text). */
  matches?: string;
}

/** A condition, or a list of conditions that must all hold. */
export type ConditionSet = Condition | Condition[];

/** A frame the transport answers by itself (README "How replies are read"). */
export interface AutoReply {
  /** The frame (or item) this answers (README "Config reference" conditions). */
  when: ConditionSet;
  /** The JSON sent back; may hold placeholders, rendered per conversation. */
  send: JsonValue;
}

/** One handshake step (README "Connecting to your agent" and README "Config reference"): something to send, an answer to wait for, or both; or an HTTP request. */
export interface HandshakeStep {
  send?: JsonValue;
  /** Wait for a frame that meets this condition (README "Config reference"). */
  await?: ConditionSet;
  /** An HTTP request instead of send/await, made like the setup request. */
  http?: HandshakeHttp;
  /**
   * `{{handshake.NAME}}` values: name → path in the awaited frame (an await step) or in the JSON
   * response body (an http step).
   */
  capture?: Record<string, string>;
}

/** An `http` handshake step's request; url, headers and body may hold placeholders. */
export interface HandshakeHttp {
  url: string;
  /** @default 'POST' */
  method: string;
  /** @default {} */
  headers: Record<string, string>;
  body?: JsonValue;
}

/** A validated agent configuration with every default applied. */
export interface AgentConfig {
  /** Shown in reports. */
  name?: string;
  connection: ConnectionConfig;
  messages: MessagesConfig;
  handshake: {
    /** The type value of the agent's ready message. Absent: no wait. */
    readyType?: string;
    /** Also the ready message when any of these holds (README "Config reference"). @default [] */
    readyWhen: ConditionSet[];
    /** For the whole handshake: steps and the ready message together. @default 30 */
    timeoutSeconds: number;
    /** Sent in order after `init`, each awaiting its answer if it has `await`. @default [] */
    steps: HandshakeStep[];
  };
  /** Quiet period that ends an agent turn; 0 makes every text message its own turn. @default 2 */
  coalesceSeconds: number;
  /** Longest wait for the first message of a reply. @default 30 */
  responseTimeoutSeconds: number;
  /** A reply still growing after this is cut and marked truncated. @default 120 */
  maxTurnSeconds: number;
  /** Values of the `{{env.NAME}}` placeholders the file uses, read when it was loaded. */
  env: Record<string, string>;
  /** The folder of the config file (the working directory for a plain object). */
  baseDir: string;
}

/** What one user turn expects of the reply to it. All optional. */
export interface Expectation {
  /** Substring, case-insensitive. */
  contains?: string;
  /** A JavaScript regular expression: plain (`\\d+`) or `/pattern/flags`. */
  matches?: string;
  /** Substring that must not appear, case-insensitive. */
  notContains?: string;
  /** The whole reply text, exactly. */
  equals?: string;
  /** A regular expression that must not match (same syntax as `matches`). */
  notMatches?: string;
  /** The reply's first message arrives within this many ms of the user message. */
  maxLatencyMs?: number;
  /** Some accepted frame of the reply has `equals` at `path` (or, with `exists: true`, any value). */
  frame?: FrameExpectation;
  /** The reply offers every one of these choices (titles; `/regex/` allowed), in any order. */
  choices?: string[];
  /** The reply offers exactly these choices (titles), in this order; `[]`: none. */
  choicesExactly?: string[];
  /** The reply carries this many attachments (needs `messages.attachmentsPath`). */
  attachments?: { count: number };
  /** Some attachment of the reply has `equals` at `path` (or, with `exists: true`, any value). */
  attachment?: FrameExpectation;
}

export interface FrameExpectation {
  path: string;
  equals?: JsonValue;
  exists?: true;
}

/** A capture: a regex over the reply text (group 1, else the whole match), or a path into its frames. */
export type Capture = string | { path: string };

/** One turn of a case: exactly one of `user` and `click`. */
export interface TestTurn {
  /** The user's text. */
  user?: string;
  /** A click on a choice the previous agent turn offered: its title, or `/regex/` (README "Buttons, cards and clicks"). */
  click?: string;
  expect?: Expectation;
  /** Values taken from the reply to this turn, for `{{vars.NAME}}` in later turns. */
  capture?: Record<string, Capture>;
}

/** A model plays the user (README "Simulated users and judges"). */
export interface SimulateConfig {
  persona: string;
  goal: string;
  /** Sent as the first user message; else the model writes it. */
  firstMessage?: string;
  /** Most user messages. @default 10 */
  maxTurns: number;
  /** The stop marker is ignored before this many user messages. @default 1 */
  minTurns: number;
}

/** A model judges the finished conversation against each criterion (README "Simulated users and judges"). */
export interface JudgeConfig {
  criteria: string[];
}

/** The OpenAI-compatible model used by `simulate` and `judge`, placeholders resolved. */
export interface LlmConfig {
  /** e.g. `http://127.0.0.1:11434/v1`; requests go to `{baseUrl}/chat/completions`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; a secret, never printed. */
  apiKey?: string;
  /** The simulated user's temperature; the judge always uses 0. @default 0.7 */
  temperature: number;
  seed?: number;
  /** Per request. @default 60 */
  timeoutSeconds: number;
}

export interface TestCase {
  id: string;
  /** Wait for the agent's opening turn before the first user message. @default false */
  agentFirst: boolean;
  turns: TestTurn[];
  /** Instead of `turns`: a model plays the user. */
  simulate?: SimulateConfig;
  judge?: JudgeConfig;
}

/** A validated test set. */
export interface TestSet {
  name?: string;
  /** Required when a case uses `simulate` or `judge`. */
  llm?: LlmConfig;
  cases: TestCase[];
}
