/**
 * The conversation engine with controllable `socket` and `setup` actors on a SteppingClock: every
 * model event, including those no real socket can be made to produce on cue (an error while
 * closing), is played through the same channel the real actor would use.
 */
import { createActor, fromCallback, fromPromise, type AnyEventObject, type AnyMachineSnapshot } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import type { ConversationInput, SetupOutput, SocketCommand } from '../../machines/types.js';
import { SteppingClock } from './clock.js';
import type { TimerProfile, Variant } from './conversation-model.js';
import { modelInput } from './conversation-model.js';
import type { EngineWorld } from './paths.js';
import { EngineRecorder, until } from './recorder.js';

const WAIT_MS = 2_000;

export interface FakeWorld extends EngineWorld {
  recorder: EngineRecorder;
  /** What the conversation told its socket. */
  commands: SocketCommand[];
  /** How many times a setup actor was started. */
  setupStarts: number;
  stop(): void;
}

export function startFakeWorld(variant: Variant, profile: TimerProfile): FakeWorld {
  const clock = new SteppingClock();
  const recorder = new EngineRecorder();
  const commands: SocketCommand[] = [];
  let sendBack: ((event: AnyEventObject) => void) | null = null;
  let setup: { resolve: (output: SetupOutput) => void; reject: (error: unknown) => void } | null = null;
  let httpStep: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  const world = { setupStarts: 0 };

  const socket = fromCallback<SocketCommand, unknown>(({ sendBack: back, receive }) => {
    sendBack = back;
    receive((command) => commands.push(command));
    return () => {
      sendBack = null;
    };
  });
  const setupActor = fromPromise<SetupOutput, unknown>(
    () =>
      new Promise<SetupOutput>((resolve, reject) => {
        world.setupStarts += 1;
        setup = { resolve, reject };
      }),
  );
  const handshakeHttp = fromPromise<void, { socket: unknown; index: number }>(
    () =>
      new Promise<void>((resolve, reject) => {
        httpStep = { resolve, reject };
      }),
  );
  const input: ConversationInput = { ...modelInput(variant, profile), now: () => clock.now() };
  const actor = createActor(conversationMachine.provide({ actors: { socket, setup: setupActor, handshakeHttp } }), {
    clock,
    input,
    inspect: recorder.inspect,
  });
  actor.start();

  const processed = async (type: string, before: number) => {
    await until(() => recorder.count(type) > before, WAIT_MS, `the engine to process ${type}`);
  };

  return {
    recorder,
    commands,
    get setupStarts() {
      return world.setupStarts;
    },
    snapshot: () => actor.getSnapshot() as AnyMachineSnapshot,
    async play(event: AnyEventObject) {
      const before = recorder.count(event.type);
      if (event.type.startsWith('xstate.after.')) {
        clock.advanceToNextTimer();
        const fired = recorder.last()?.type;
        if (fired !== event.type) throw new Error(`the model fires ${event.type}, the engine fired ${fired ?? 'nothing'}`);
      } else if (event.type.startsWith('socket.')) {
        if (!sendBack) throw new Error(`no socket actor is running to report ${event.type}`);
        // A frame is stamped when the socket delivers it, as the real socket actor does.
        sendBack(event.type === 'socket.message' ? { ...event, at: clock.now() } : event);
      } else if (event.type === 'xstate.done.actor.setup') {
        if (!setup) throw new Error('no setup actor is running');
        setup.resolve((event as unknown as { output: SetupOutput }).output);
      } else if (event.type === 'xstate.done.actor.handshakeHttp' || event.type === 'xstate.error.actor.handshakeHttp') {
        if (!httpStep) throw new Error('no handshakeHttp actor is running');
        if (event.type.startsWith('xstate.done')) httpStep.resolve();
        else httpStep.reject((event as unknown as { error: unknown }).error);
      } else if (event.type === 'xstate.error.actor.setup') {
        if (!setup) throw new Error('no setup actor is running');
        setup.reject((event as unknown as { error: unknown }).error);
      } else {
        actor.send(event as never);
      }
      await processed(event.type, before);
    },
    stop: () => actor.stop(),
  };
}
