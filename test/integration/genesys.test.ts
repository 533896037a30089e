/**
 * A Genesys Cloud Web Messaging guest session (README "Connecting to your agent", last example): a per-conversation
 * token in the init and every message, a ready message, echoes of our own messages, typing
 * events, and replies in bursts — against the genesys demo agent and a scripted one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDrops } from '../../machines/defaults.js';
import type { AgentTurn } from '../../machines/types.js';
import { startDemoAgent } from '../../src/demo/index.js';
import { agentConfig, conversationPool } from '../helpers/conv-configs.js';
import { sleep, within } from '../helpers/wait.js';
import { startScriptedAgent } from '../helpers/scripted-agent.js';

const pool = conversationPool();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await pool.closeAll();
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The README's Genesys config, with a quiet period above the demo's 80 ms gaps but short for tests. */
function genesysConfig(url: string, overrides: Record<string, unknown> = {}) {
  return agentConfig({
    connection: {
      url,
      init: { action: 'configureSession', deploymentId: 'dep-1', token: '{{simulation.id}}' },
    },
    messages: {
      sendTemplate: { action: 'onMessage', token: '{{simulation.id}}', message: { type: 'Text', text: '{{message}}' } },
      typePath: 'class',
      textTypes: ['StructuredMessage'],
      textPath: 'body.text',
      directionPath: 'body.direction',
      outboundDirection: 'Outbound',
    },
    handshake: { readyType: 'SessionResponse', timeoutSeconds: 3 },
    coalesceSeconds: 0.3,
    responseTimeoutSeconds: 1,
    ...overrides,
  });
}

async function genesysDemo() {
  const agent = await startDemoAgent({ profile: 'genesys' });
  closers.push(() => agent.close());
  return agent;
}

describe('Genesys-style agent (demo)', () => {
  it('repeats the per-conversation token in the init and every message', async () => {
    const agent = await genesysDemo();
    const convo = await within(pool.connect(genesysConfig(agent.url)), 8_000, 'connect');
    expect(convo.id).toMatch(UUID);
    const first = await within(convo.send('Hello'), 5_000, 'first reply');
    const second = await within(convo.send('When do you open?'), 5_000, 'second reply');
    // A wrong token would have been answered with "Invalid token", never with these.
    expect(first.text).toBe('Hi! How can I help?');
    expect(second.text).toBe('We open at 9 am and close at 5 pm.');
    expect(agent.received()).toEqual([
      [
        { action: 'configureSession', deploymentId: 'dep-1', token: convo.id },
        { action: 'onMessage', token: convo.id, message: { type: 'Text', text: 'Hello' } },
        { action: 'onMessage', token: convo.id, message: { type: 'Text', text: 'When do you open?' } },
      ],
    ]);
  });

  it('drops the echoes by direction and the typing events by type, and coalesces a burst into one turn', async () => {
    const agent = await genesysDemo();
    const convo = await within(pool.connect(genesysConfig(agent.url)), 8_000, 'connect');
    const reply = await within(convo.send('I need a refund'), 5_000, 'reply');
    expect(reply.messages).toEqual(["I'm sorry to hear that.", 'Refunds take 5 business days.']);
    expect(reply.text).toBe("I'm sorry to hear that.\nRefunds take 5 business days.");
    expect(reply.timedOut).toBe(false);
    await within(convo.send('Bye'), 5_000, 'second reply');
    // One echo and one typing indicator per user message; the SessionResponse is the ready message.
    expect(convo.stats.dropped).toEqual({ ...emptyDrops(), direction: 2, type: 2 });
    expect(convo.stats.timings.handshakeMs).toEqual(expect.any(Number));
    expect(convo.stats.timings.setupMs).toBeNull();
  });

  it('gives each conversation its own token', async () => {
    const agent = await genesysDemo();
    const config = genesysConfig(agent.url);
    const [a, b] = await within(Promise.all([pool.connect(config), pool.connect(config)]), 8_000, 'connect both');
    await within(Promise.all([a.send('hi'), b.send('hi')]), 5_000, 'replies');
    expect(a.id).not.toBe(b.id);
    const tokens = agent.received().map((frames) => new Set(frames.map((frame) => (frame as { token: string }).token)));
    expect(tokens.map((set) => [...set]).sort()).toEqual([[a.id], [b.id]].sort());
  });
});

describe('Genesys-style agent (scripted)', () => {
  /** Ready after `readyDelayMs`; each reply is an echo, typing, then the parts with gaps between them. */
  async function scripted(readyDelayMs: number, parts: string[], gapMs: number) {
    const agent = await startScriptedAgent((ws) => {
      let token: string | undefined;
      ws.on('message', async (data) => {
        const frame = JSON.parse(data.toString()) as { action: string; token: string; message?: { text: string } };
        const send = (value: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(value));
        if (frame.action === 'configureSession') {
          token = frame.token;
          await sleep(readyDelayMs);
          send({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true } });
          return;
        }
        if (frame.token !== token) return send({ type: 'response', class: 'string', code: 400, body: 'Invalid token' });
        const text = frame.message?.text ?? '';
        send({ type: 'message', class: 'StructuredMessage', body: { direction: 'Inbound', type: 'Text', text } });
        send({ type: 'message', class: 'TypingIndicator', body: { direction: 'Outbound' } });
        for (const [index, part] of parts.entries()) {
          await sleep(gapMs);
          send({ type: 'message', class: 'StructuredMessage', body: { direction: 'Outbound', type: 'Text', text: part } });
          // An echo inside the burst is dropped and must not extend or split the turn.
          if (index === 0) send({ type: 'message', class: 'StructuredMessage', body: { direction: 'Inbound', text } });
        }
      });
    });
    closers.push(() => agent.close());
    return agent;
  }

  it('waits for the ready message before sending, and measures the handshake', async () => {
    const agent = await scripted(200, ['ok'], 10);
    const convo = await within(pool.connect(genesysConfig(agent.url)), 8_000, 'connect');
    const reply = await within(convo.send('x'), 5_000, 'reply');
    expect(reply.text).toBe('ok');
    expect(convo.stats.timings.handshakeMs).toBeGreaterThanOrEqual(150);
    expect(agent.received.map((frame) => (frame as { action: string }).action)).toEqual(['configureSession', 'onMessage']);
  });

  it('coalesces a three-part burst with an echo inside it into one reply', async () => {
    const agent = await scripted(0, ['one', 'two', 'three'], 60);
    const convo = await within(pool.connect(genesysConfig(agent.url)), 8_000, 'connect');
    const reply = await within(convo.send('go'), 5_000, 'reply');
    expect(reply.messages).toEqual(['one', 'two', 'three']);
    expect(convo.stats.dropped).toMatchObject({ direction: 2, type: 1 });
  });

  // visualizations/conversation.mmd: only text that arrives before the ready message starts an opening turn; with none,
  // the conversation is idle right after the handshake.
  it('is ready right after the ready message when the agent sends no opening turn', async () => {
    const agent = await scripted(0, ['ok'], 10);
    const turns: AgentTurn[] = [];
    const config = genesysConfig(agent.url, { responseTimeoutSeconds: 2 });
    const started = performance.now();
    const convo = await within(pool.connect(config, { onAgentTurn: (turn) => turns.push(turn) }), 8_000, 'connect');
    const connectMs = performance.now() - started;
    await within(convo.send('x'), 8_000, 'reply');
    expect(turns.map((turn) => ({ text: turn.text, replyTo: turn.replyTo, timedOut: turn.timedOut }))).toEqual([
      { text: 'ok', replyTo: 1, timedOut: false },
    ]);
    // Far below the 2 s response timeout that a wait for an opening turn would take.
    expect(connectMs).toBeLessThan(1_000);
  });
});
