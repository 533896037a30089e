import { fromCallback } from 'xstate';
import type { SocketCommand } from '../../machines/types.js';
import { loadCodec } from './framing/codec.js';
import type { SocketPlan } from './session.js';
import { runWebSocket } from './socket-actor.js';
import { loadSocketio, runSocketio } from './socketio-actor.js';

/**
 * Loads what `connection.protocol` and `connection.codec` need, once per process, before any of
 * its conversations start.
 * @throws ConfigError when the codec module cannot be imported or lacks decode or encode.
 */
export async function loadTransport(config: { connection: { protocol?: string; codec?: string } }): Promise<void> {
  if (config.connection.protocol === 'socket.io') await loadSocketio();
  if (config.connection.codec !== undefined) await loadCodec(config.connection.codec);
}

/**
 * The `socket` actor the conversation invokes: the transport `connection.protocol` names. The
 * machine sees the same `socket.*` events from either, so no protocol is a branch in it.
 */
export const transportActor = fromCallback<SocketCommand, SocketPlan>((args) =>
  args.input.protocol === 'socket.io' ? runSocketio(args) : runWebSocket(args),
);
