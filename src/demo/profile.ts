/**
 * The bundled demo agents, one per connection pattern of the README ("Connecting to your agent"):
 * `simple` (patterns 1 and 2), `burst` (pattern 4), `genesys` (the Genesys example) and
 * `http-first` (pattern 3); `support`, a short support dialogue for captures, simulated users and
 * judges (README "Captures and more expectations"); the platforms of README "Connecting to your agent": `socketio` (Rasa's socketio channel), `graphql`
 * (graphql-ws), `directline` (Bot Framework Direct Line 3.0), `jsonrpc` (late login); and the reply
 * shapes of README "How replies are read": `amazon-connect` (JSON in a string, out of order), `streaming` (token deltas
 * and a completion frame) and `typing` (typing indicators, a ping, error and end frames); `busy`
 * (the simple protocol, slower the more sessions are open: a knee for `parley load`, README "Load testing"); and
 * the stacks of README "Frame formats" written from their protocol documents: `openai-realtime` (two frames per turn),
 * `pusher` (a private channel signed by an auth endpoint), `phoenix` (Phoenix Channels),
 * `azure-pubsub` (Azure Web PubSub acks) and `ddp` (Rocket.Chat's realtime API); and the frame
 * formats of README "Frame formats": `sockjs`, `stomp` (and `stomp-sockjs`), `signalr` and `msgpack`; and `buttons`
 * (Botkit-style quick replies and a card-only reply).
 */
export type DemoProfile =
  | 'simple'
  | 'burst'
  | 'genesys'
  | 'http-first'
  | 'support'
  | 'socketio'
  | 'graphql'
  | 'directline'
  | 'jsonrpc'
  | 'amazon-connect'
  | 'streaming'
  | 'typing'
  | 'busy'
  | 'openai-realtime'
  | 'pusher'
  | 'phoenix'
  | 'azure-pubsub'
  | 'ddp'
  | 'sockjs'
  | 'stomp'
  | 'stomp-sockjs'
  | 'signalr'
  | 'msgpack'
  | 'buttons';

/** Every demo profile, in the order the CLI lists them. */
export const DEMO_PROFILES: readonly DemoProfile[] = [
  'simple',
  'burst',
  'genesys',
  'http-first',
  'support',
  'socketio',
  'graphql',
  'directline',
  'jsonrpc',
  'amazon-connect',
  'streaming',
  'typing',
  'busy',
  'openai-realtime',
  'pusher',
  'phoenix',
  'azure-pubsub',
  'ddp',
  'sockjs',
  'stomp',
  'stomp-sockjs',
  'signalr',
  'msgpack',
  'buttons',
];

/** Whether `name` is one of {@link DEMO_PROFILES}. */
export function isDemoProfile(name: string): name is DemoProfile {
  return (DEMO_PROFILES as readonly string[]).includes(name);
}

/**
 * Reads a profile name as typed by a user (e.g. `parley agent --profile`).
 * @throws Error naming the unknown profile and listing the valid ones.
 */
export function parseProfile(name: string): DemoProfile {
  if (isDemoProfile(name)) return name;
  throw new Error(`Unknown demo profile "${name}"; valid profiles: ${DEMO_PROFILES.join(', ')}`);
}
