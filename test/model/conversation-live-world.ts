/**
 * The real engine: the conversation with its live ws socket actor and ky setup actor, planned from
 * a validated config by planConversation, talking to a loopback agent that does what the model's
 * path says. Only the machine's timers run on a SteppingClock, so a timeout is a step, not a wait.
 */
import { createActor, type AnyEventObject, type AnyMachineSnapshot } from 'xstate';
import type { WebSocket } from 'ws';
import { parseAgentConfig } from '../../src/config/load.js';
import { planConversation } from '../../src/engine/plan.js';
import { liveConversationMachine } from '../../src/engine/provided.js';
import { SteppingClock } from './clock.js';
import { profileTimeouts, type TimerProfile, type Variant } from './conversation-model.js';
import type { LoopbackAgent } from './loopback-agent.js';
import type { EngineWorld } from './paths.js';
import { EngineRecorder, until } from './recorder.js';

/** Real sockets on a shared 2-core machine: generous, since a passing step takes milliseconds. */
const WAIT_MS = 5_000;

/** The frame the agent sends for each kind of model `socket.message`. */
function frameFor(event: AnyEventObject): string {
  if (event.class === 'text') return JSON.stringify({ type: 'message', text: event.text });
  if (event.ready) return JSON.stringify({ type: 'session_ready' });
  if ((event.steps as number[] | undefined)?.length) return JSON.stringify({ type: 'ack' });
  if (event.class === 'error') return JSON.stringify({ type: 'error', error: { message: event.detail } });
  const types: Record<string, string> = { typing: 'typing', turnEnd: 'typing_stopped', end: 'endOfConversation' };
  return JSON.stringify({ type: types[event.class as string] ?? 'notice' });
}

/** The live config's §9.3 types, matching frameFor. */
const READING = {
  typingTypes: ['typing'],
  turnEndTypes: ['typing_stopped'],
  endTypes: ['endOfConversation'],
  errorTypes: ['error'],
  errorPath: 'error.message',
};

/**
 * Whether a real socket can be made to produce `event` on cue in `from`. Once we have asked the
 * socket to close, the agent's side answers by itself and the socket reports nothing but that
 * close (an error while closing is turned into a close by the socket actor), so anything else
 * after `conversation.close` would race the closing handshake.
 */
export function liveFeasible(event: AnyEventObject, from: AnyMachineSnapshot): boolean {
  // An end message makes our side close at once, and the close completes before the state after
  // the step can be compared: its paths run on controllable actors, and test/integration/
  // reading-replies.test.ts plays it on a real socket.
  if (event.type === 'socket.message' && event.class === 'end') return false;
  if (!from.matches({ session: 'closing' }) && !from.matches({ session: 'ending' })) return true;
  return event.type === 'socket.closed';
}

export interface LiveWorld extends EngineWorld {
  recorder: EngineRecorder;
  stop(): void;
}

export function startLiveWorld(agent: LoopbackAgent, variant: Variant, profile: TimerProfile): LiveWorld {
  const clock = new SteppingClock();
  const recorder = new EngineRecorder();
  const lane = agent.session();
  const connection =
    variant.mode === 'direct'
      ? { url: lane.wsUrl }
      : { mode: 'http-first', setup: { url: lane.setupUrl, websocketUrlPath: 'ws', headers: { Authorization: 'Bearer model-setup-secret' } } };
  const config = parseAgentConfig({
    // Real-time limits stay far away: the machine's own timers are the ones under test.
    connection: { ...connection, authorization: 'Bearer model-ws-secret', keepaliveSeconds: 0, connectTimeoutSeconds: 30 },
    messages: READING,
    handshake: {
      ...(variant.awaitReady ? { readyType: 'session_ready' } : {}),
      // The steps of MODEL_STEPS: the first awaits its answer, the second only sends.
      ...(variant.steps ? { steps: [{ send: { type: 'hello' }, await: { path: 'type', equals: 'ack' } }, { send: { type: 'subscribe' } }] } : {}),
    },
  });
  // The socket stamps frames on the same clock the machine's timers run on.
  const plan = planConversation(config, { now: () => clock.now() });
  const actor = createActor(liveConversationMachine, {
    clock,
    input: { ...plan.input, timeouts: profileTimeouts(profile, variant.coalescing) },
    inspect: recorder.inspect,
  });
  let agentSide: WebSocket | null = null;
  actor.start();

  const agentSocket = () => {
    if (!agentSide) throw new Error('the agent has no open socket');
    return agentSide;
  };

  const produce = async (event: AnyEventObject, from: AnyMachineSnapshot) => {
    switch (event.type) {
      case 'xstate.done.actor.setup':
        return (await lane.nextSetup(WAIT_MS)).respond(200, { ws: lane.wsUrl });
      case 'xstate.error.actor.setup':
        return (await lane.nextSetup(WAIT_MS)).respond(500, { error: 'no session for you' });
      case 'socket.open':
        agentSide = await (await lane.nextUpgrade(WAIT_MS)).accept();
        return;
      case 'socket.error':
        if (from.matches({ session: 'connecting' })) return (await lane.nextUpgrade(WAIT_MS)).refuse(500);
        // No close frame: the engine sees 1006, a connection lost.
        return agentSocket().terminate();
      case 'socket.closed':
        // While closing (or ending), the close we asked for completes by itself.
        if (!from.matches({ session: 'closing' }) && !from.matches({ session: 'ending' })) agentSocket().close(event.code as number, event.reason as string);
        return;
      case 'socket.message':
        return agentSocket().send(frameFor(event));
      default:
        if (event.type.startsWith('xstate.after.')) {
          clock.advanceToNextTimer();
          const fired = recorder.last()?.type;
          if (fired !== event.type) throw new Error(`the model fires ${event.type}, the engine fired ${fired ?? 'nothing'}`);
          return;
        }
        actor.send(event as never);
    }
  };

  return {
    recorder,
    snapshot: () => actor.getSnapshot() as AnyMachineSnapshot,
    async play(event, from) {
      if (!liveFeasible(event, from)) throw new Error(`${event.type} cannot be produced on cue by a real socket here`);
      const before = recorder.count(event.type);
      await produce(event, from);
      await until(() => recorder.count(event.type) > before, WAIT_MS, `the engine to process ${event.type}`);
      if (event.type === 'socket.message') {
        // The frame went through the real classifier: it must have landed in the model's class.
        const seen = recorder.processed.filter((e) => e.type === 'socket.message').at(-1)!;
        const steps = (e: AnyEventObject) => JSON.stringify(e.steps ?? []);
        if (seen.class !== event.class || seen.ready !== event.ready || seen.detail !== event.detail || steps(seen) !== steps(event)) {
          throw new Error(`the agent's frame was classified ${String(seen.class)}/ready=${String(seen.ready)}, the model sent ${String(event.class)}/ready=${String(event.ready)}`);
        }
      }
    },
    stop: () => {
      actor.stop();
      lane.end();
    },
  };
}
