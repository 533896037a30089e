import { fromPromise } from 'xstate';
import type { SocketPlan } from './session.js';

/**
 * An `http` handshake step (README "Config reference"): the conversation names its socket's plan and the step;
 * the plan's handshake runtime makes the request and keeps what it captures.
 */
export const handshakeHttpActor = fromPromise<void, { socket: unknown; index: number }>(async ({ input, signal }) => {
  const plan = input.socket as SocketPlan;
  if (!plan.handshake) throw new Error(`handshake step ${input.index + 1} is an http step, but the plan has no handshake runtime`);
  await plan.handshake.http(input.index, signal);
});
