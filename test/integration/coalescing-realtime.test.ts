/**
 * Coalescing on the wire, with a 0.2 s quiet period and a scripted agent. Exact timer logic is in
 * test/unit/conversation-clock.test.ts; these only check the real sockets and timers agree, with
 * bounds loose enough for a busy 2-core machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentTurn } from '../../machines/types.js';
import { agentConfig, conversationPool } from '../helpers/conv-configs.js';
import { say } from '../helpers/conv-servers.js';
import { waitUntil, within } from '../helpers/wait.js';
import { startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';

const QUIET_MS = 200;
const pool = conversationPool();
let agent: ScriptedAgent | undefined;
afterEach(async () => {
  await pool.closeAll();
  await agent?.close();
  agent = undefined;
});

/** Answers each user text with `parts`, each sent `gapsMs[i]` after the previous one. */
async function pacedAgent(parts: string[], gapsMs: number[], log: Array<{ text: string; at: number }> = []) {
  agent = await startScriptedAgent((ws) => {
    const timers: NodeJS.Timeout[] = [];
    ws.on('close', () => timers.forEach(clearTimeout));
    ws.on('message', (data) => {
      log.push({ text: (JSON.parse(data.toString()) as { text: string }).text, at: performance.now() });
      let delay = 0;
      parts.forEach((part, index) => {
        delay += gapsMs[index] ?? 0;
        timers.push(setTimeout(() => say(ws, part), delay));
      });
    });
  });
  return agent;
}

async function open(coalesceSeconds: number) {
  const turns: AgentTurn[] = [];
  const convo = await within(
    pool.connect(agentConfig({ connection: { url: agent!.url }, coalesceSeconds }), { onAgentTurn: (turn) => turns.push(turn) }),
    5_000,
    'connect',
  );
  return { convo, turns };
}

describe('coalescing in real time', () => {
  it('joins a burst with gaps shorter than the quiet period into one reply', async () => {
    const gaps = [20, 50, 50];
    await pacedAgent(['a', 'b', 'c'], gaps);
    const { convo } = await open(QUIET_MS / 1000);
    const sentAt = performance.now();
    const reply = await within(convo.send('go'), 5_000, 'reply');
    const resolvedAt = performance.now();
    expect(reply.messages).toEqual(['a', 'b', 'c']);
    // About 100 ms between the first and last message; a busy machine may bunch arrivals a little.
    expect(reply.lastMessageLatencyMs! - reply.latencyMs!).toBeGreaterThanOrEqual(40);
    // Delivered no sooner than one quiet period after the last message.
    expect(reply.deliveredAt - reply.at - (reply.lastMessageLatencyMs! - reply.latencyMs!)).toBeGreaterThanOrEqual(QUIET_MS - 5);
    // Timers are only ever late: the agent's 120 ms of pacing plus the quiet period is a floor.
    expect(resolvedAt - sentAt).toBeGreaterThanOrEqual(gaps.reduce((sum, gap) => sum + gap, 0) + QUIET_MS - 10);
  });

  it('splits a reply at a gap longer than the quiet period; the rest is a turn of its own', async () => {
    await pacedAgent(['first', 'late'], [20, QUIET_MS * 3]);
    const { convo, turns } = await open(QUIET_MS / 1000);
    const reply = await within(convo.send('go'), 5_000, 'reply');
    expect(reply.messages).toEqual(['first']);
    await waitUntil(() => turns.length === 2, 5_000, 'the late turn');
    expect(turns[1]).toMatchObject({ messages: ['late'], replyTo: null });
  });

  it('with coalesceSeconds 0 makes each message a turn', async () => {
    await pacedAgent(['one', 'two', 'three'], [10, 10, 10]);
    const { convo, turns } = await open(0);
    const reply = await within(convo.send('go'), 5_000, 'reply');
    expect(reply.messages).toEqual(['one']);
    await waitUntil(() => turns.length === 3, 5_000, 'three turns');
    expect(turns.map((turn) => [turn.messages, turn.replyTo])).toEqual([
      [['one'], 1],
      [['two'], null],
      [['three'], null],
    ]);
  });

  it('holds a second user message until the first reply is delivered', async () => {
    const log: Array<{ text: string; at: number }> = [];
    await pacedAgent(['r1', 'r2'], [20, 50], log);
    const { convo } = await open(QUIET_MS / 1000);
    const first = convo.send('one');
    const second = convo.send('two');
    const [a, b] = await within(Promise.all([first, second]), 5_000, 'both replies');
    expect([a.replyTo, b.replyTo]).toEqual([1, 2]);
    expect(a.messages).toEqual(['r1', 'r2']);
    expect(b.messages).toEqual(['r1', 'r2']);
    expect(log.map((entry) => entry.text)).toEqual(['one', 'two']);
    // The agent saw "two" only after a whole reply and a quiet period had passed.
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(70 + QUIET_MS - 10);
  });
});
