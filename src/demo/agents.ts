import { amazonConnectProfile } from './amazon-connect.js';
import { burstProfile } from './burst.js';
import { busyProfile } from './busy.js';
import { buttonsProfile } from './buttons.js';
import { directLineProfile } from './directline.js';
import { graphqlProfile } from './graphql.js';
import { jsonRpcProfile } from './jsonrpc.js';
import type { DemoProfile } from './profile.js';
import { msgpackProfile } from './msgpack.js';
import { signalrProfile } from './signalr.js';
import { socketioProfile } from './socketio.js';
import { sockjsProfile } from './sockjs.js';
import { stompProfile } from './stomp.js';
import { LibraryServer, type LibraryProfile } from './standalone.js';
import { genesysProfile } from './genesys.js';
import type { ProfileHandler } from './handler.js';
import { httpFirstProfile } from './http-first.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { DemoServer } from './server.js';
import { simpleProfile } from './simple.js';
import { streamingProfile } from './streaming.js';
import { typingProfile } from './typing.js';
import { supportProfile } from './support.js';
import { azurePubSubProfile } from './azure-pubsub.js';
import { ddpProfile } from './ddp.js';
import { openaiRealtimeProfile } from './openai-realtime.js';
import { phoenixProfile } from './phoenix.js';
import { pusherProfile } from './pusher.js';
import type { DemoAgent, DemoAgentOptions } from './types.js';

/** Profiles built on a platform's own server library rather than on the shared ws demo server. */
const LIBRARY_PROFILES: Partial<Record<DemoProfile, () => LibraryProfile>> = {
  socketio: socketioProfile,
  graphql: graphqlProfile,
  sockjs: sockjsProfile,
  stomp: () => stompProfile({ sockjs: false }),
  'stomp-sockjs': () => stompProfile({ sockjs: true }),
  signalr: signalrProfile,
  msgpack: msgpackProfile,
};

function handlerFor(options: ResolvedOptions): ProfileHandler {
  switch (options.profile) {
    case 'directline':
      return directLineProfile();
    case 'jsonrpc':
      return jsonRpcProfile();
    case 'socketio':
    case 'graphql':
    case 'sockjs':
    case 'stomp':
    case 'stomp-sockjs':
    case 'signalr':
    case 'msgpack':
      throw new Error(`${options.profile} is a library profile`);
    case 'simple':
      return simpleProfile(options.gates);
    case 'burst':
      return burstProfile();
    case 'genesys':
      return genesysProfile();
    case 'http-first':
      return httpFirstProfile();
    case 'amazon-connect':
      return amazonConnectProfile();
    case 'streaming':
      return streamingProfile();
    case 'typing':
      return typingProfile();
    case 'support':
      return supportProfile();
    case 'busy':
      return busyProfile();
    case 'openai-realtime':
      return openaiRealtimeProfile();
    case 'pusher':
      return pusherProfile();
    case 'phoenix':
      return phoenixProfile();
    case 'azure-pubsub':
      return azurePubSubProfile();
    case 'ddp':
      return ddpProfile();
    case 'buttons':
      return buttonsProfile();
  }
}

/**
 * Starts a demo agent on loopback: a real server speaking one of the README's connection patterns
 * (see the README's "Demo agents" section for each profile's protocol).
 * @throws Error for an invalid option (unknown profile, non-loopback host, bad port or
 *   timeScale, simple-only options given to another profile); rejects when the port is taken.
 */
export async function startDemoAgent(options: DemoAgentOptions): Promise<DemoAgent> {
  const resolved = resolveOptions(options);
  const library = LIBRARY_PROFILES[resolved.profile];
  const server = library
    ? new LibraryServer(library(), resolved.host, resolved.timeScale)
    : new DemoServer(handlerFor(resolved), resolved.host, resolved.timeScale);
  try {
    await server.listen(resolved.port);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    profile: resolved.profile,
    url: server.url(),
    port: server.port,
    stats: () => server.stats(),
    received: () => server.received(),
    close: () => server.close(),
  };
}

// The whole demo API is reachable from this module too, for callers that import it directly.
export { answerFor } from './answers.js';
export { DEMO_PROFILES, isDemoProfile, parseProfile, type DemoProfile } from './profile.js';
export type { DemoAgent, DemoAgentOptions, DemoAgentStats } from './types.js';
