import { fromCallback } from 'xstate';
import type { SocketCommand } from '../../machines/types.js';
import { runWebSocket, type SocketPlan } from './socket-actor.js';
import { loadSocketio, runSocketio } from './socketio-actor.js';

/** Loads what `connection.protocol` needs, once per process, before any of its conversations start. */
export async function loadTransport(config: { connection: { protocol?: string } }): Promise<void> {
  if (config.connection.protocol === 'socket.io') await loadSocketio();
}

/**
 * The `socket` actor the conversation invokes: the transport `connection.protocol` names. The
 * machine sees the same `socket.*` events from either, so no protocol is a branch in it.
 */
export const transportActor = fromCallback<SocketCommand, SocketPlan>((args) =>
  args.input.protocol === 'socket.io' ? runSocketio(args) : runWebSocket(args),
);
