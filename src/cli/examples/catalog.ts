import type { DemoAgentOptions, DemoProfile } from '../../demo/index.js';

/** One bundled example: its folder under `examples/` and the demo agent that speaks its protocol. */
export interface ExampleEntry {
  /** Folder under `examples/` holding `agent.yaml` and `tests.yaml`. */
  dir: string;
  /** What it shows, for reports. */
  title: string;
  /** The demo agent `parley demo` runs it against. */
  agent: DemoAgentOptions;
  /**
   * Needs a model (simulate, judge): run only when `PARLEY_LLM_BASE_URL` is set, else listed as
   * skipped with the line that enables it. @default false
   */
  needsModel?: boolean;
  /** Runs per case (`--repeat`), for an example whose point is that it never flakes. @default 1 */
  repeat?: number;
}

/**
 * The examples, in README "Connecting to your agent" order. The authenticated example's gates live here rather than
 * being read from its file, so the demo proves the file sends what the agent demands.
 */
export const EXAMPLES: readonly ExampleEntry[] = [
  { dir: 'simple', title: 'Pattern 1: simple direct connection', agent: { profile: 'simple' } },
  {
    dir: 'authenticated',
    title: 'Pattern 2: authenticated direct connection',
    agent: {
      profile: 'simple',
      authorization: 'Bearer demo-token',
      requiredHeaders: { 'X-Tenant': 'demo' },
      requireInit: { action: 'start_session', channel: 'web' },
    },
  },
  { dir: 'http-first', title: 'Pattern 3: HTTP-first with session provisioning', agent: { profile: 'http-first' } },
  { dir: 'custom-format', title: 'Pattern 4: custom message format', agent: { profile: 'burst' } },
  { dir: 'genesys', title: 'Genesys Cloud Web Messaging guest', agent: { profile: 'genesys' } },
  { dir: 'amazon-connect', title: 'Amazon Connect: JSON in a string, messages out of order', agent: { profile: 'amazon-connect' } },
  { dir: 'streaming', title: 'Streaming LLM agent: token deltas and a completion frame', agent: { profile: 'streaming' } },
  { dir: 'typing', title: 'Typing indicators, a ping to answer, an end frame', agent: { profile: 'typing' } },
  { dir: 'load', title: 'Load: an agent slower the more sessions are open (parley load)', agent: { profile: 'busy' } },
  { dir: 'support', title: 'Captures and expectations', agent: { profile: 'support' } },
  { dir: 'simulated', title: 'Simulated users and judges', agent: { profile: 'support' }, needsModel: true },
  { dir: 'socketio', title: 'Rasa socketio channel (socket.io)', agent: { profile: 'socketio' } },
  { dir: 'graphql', title: 'graphql-ws: subscription replies, mutation messages', agent: { profile: 'graphql' } },
  { dir: 'directline', title: 'Bot Framework Direct Line 3.0 (sendVia)', agent: { profile: 'directline' } },
  { dir: 'buttons', title: 'Botkit-style quick replies, clicks and a card-only reply', agent: { profile: 'buttons' } },
  { dir: 'socketio-buttons', title: 'Rasa buttons over socket.io, clicked by payload', agent: { profile: 'socketio' } },
  { dir: 'directline-cards', title: 'Direct Line suggestedActions and a hero card\'s buttons', agent: { profile: 'directline' } },
  // 50 runs per case: the late login never races the first message.
  { dir: 'jsonrpc', title: 'JSON-RPC 2.0 with a late login (handshake step), 50 runs per case', agent: { profile: 'jsonrpc' }, repeat: 50 },
  { dir: 'openai-realtime', title: 'OpenAI Realtime (text): two frames per turn, streamed deltas', agent: { profile: 'openai-realtime' } },
  { dir: 'pusher', title: 'Pusher private channel: socket_id captured, auth signed by an http step', agent: { profile: 'pusher' } },
  { dir: 'phoenix', title: 'Phoenix Channels: join, pushes, a refused join as errorWhen', agent: { profile: 'phoenix' } },
  { dir: 'azure-pubsub', title: 'Azure Web PubSub (json.webpubsub.azure.v1): acks, a failed ack as errorWhen', agent: { profile: 'azure-pubsub' } },
  { dir: 'rocketchat-ddp', title: 'Rocket.Chat realtime API (DDP): login, subscription, method errors', agent: { profile: 'ddp' } },
  { dir: 'sockjs', title: 'SockJS (the sockjs server): o, h, a[…] and c[…] frames', agent: { profile: 'sockjs' } },
  { dir: 'stomp', title: 'STOMP 1.2 on the stomp-broker-js broker: CONNECT and SUBSCRIBE as handshake steps', agent: { profile: 'stomp' } },
  { dir: 'stomp-sockjs', title: 'STOMP inside SockJS (framing [sockjs, stomp])', agent: { profile: 'stomp-sockjs' } },
  { dir: 'signalr', title: 'ASP.NET Core SignalR, JSON hub protocol: handshake, pings, records ended by 0x1E', agent: { profile: 'signalr' } },
  { dir: 'msgpack', title: 'MessagePack in binary frames', agent: { profile: 'msgpack' } },
];

/** The example whose protocol a bare demo profile speaks (for `parley agent`'s config snippet). */
export const EXAMPLE_FOR_PROFILE: Record<DemoProfile, string> = {
  simple: 'simple',
  burst: 'custom-format',
  genesys: 'genesys',
  'http-first': 'http-first',
  'amazon-connect': 'amazon-connect',
  streaming: 'streaming',
  typing: 'typing',
  support: 'support',
  socketio: 'socketio',
  graphql: 'graphql',
  directline: 'directline',
  jsonrpc: 'jsonrpc',
  busy: 'load',
  'openai-realtime': 'openai-realtime',
  pusher: 'pusher',
  phoenix: 'phoenix',
  'azure-pubsub': 'azure-pubsub',
  ddp: 'rocketchat-ddp',
  sockjs: 'sockjs',
  stomp: 'stomp',
  'stomp-sockjs': 'stomp-sockjs',
  signalr: 'signalr',
  msgpack: 'msgpack',
  buttons: 'buttons',
};
