/**
 * Latencies stay exact when the process is busy: a frame is stamped the moment ws delivers it,
 * before classification, the `onFrame` hook (probe, trace) and the machine's own work.
 */
import { describe, expect, it } from 'vitest';
import { useConversationCleanup, agentConfig } from '../helpers/conv-configs.js';
import { echoScript, startScriptedAgent } from '../helpers/scripted-agent.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();

/** Holds the event loop for `ms`, as a slow hook or a long synchronous task would. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

const BUSY_MS = 300;

describe('frame timestamps under a busy event loop', () => {
  it('measure the reply from when the frame arrived, not from when the engine got to it', async () => {
    const agent = keep(await startScriptedAgent(echoScript()));
    let busyOnNext = false;
    const convo = await pool.connect(agentConfig({ connection: { url: agent.url }, coalesceSeconds: 0 }), {
      onFrame: () => {
        if (busyOnNext) busy(BUSY_MS);
      },
    });
    busyOnNext = true;
    const reply = await within(convo.send('hi'), 5_000, 'the reply');
    const sent = convo.transcript.find((turn) => turn.role === 'user')!;

    // The engine delivered the reply only after the busy hook returned, yet the frame's time (and
    // so the latency) is from before the hook ran.
    expect(reply.deliveredAt - reply.at).toBeGreaterThanOrEqual(BUSY_MS);
    expect(reply.latencyMs).toBeLessThanOrEqual(reply.deliveredAt - sent.at - BUSY_MS);
    expect(reply.latencyMs).toBe(reply.lastMessageLatencyMs);
    expect(reply.at).toBe(sent.at + reply.latencyMs!);
  });
});
