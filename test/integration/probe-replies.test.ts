/**
 * The probe tells the truth about reply shapes (issue 12): each case runs probeSession and the
 * advice in-process against a real agent on loopback.
 */
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { adviseOn } from '../../src/probe/advice/index.js';
import { probeSession, type ProbeOptions } from '../../src/probe/session.js';
import { agentConfig, SECRET, useConversationCleanup } from '../helpers/conv-configs.js';
import { sendJson, startHttpServer } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ConnectionScript } from '../helpers/scripted-agent.js';

const { keep } = useConversationCleanup();

const send = (ws: WebSocket, ...frames: unknown[]) => {
  for (const frame of frames) ws.send(JSON.stringify(frame));
};

/** Answers each `{type:'message', text}` the client sends, and runs `onOpen` on connect. */
function agent(answer: (ws: WebSocket, text: string) => void, onOpen?: (ws: WebSocket) => void): ConnectionScript {
  return (ws) => {
    onOpen?.(ws);
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type?: string; text?: string };
      if (frame.type === 'message' && typeof frame.text === 'string') answer(ws, frame.text);
    });
  };
}

async function probe(config: Record<string, unknown>, options: Partial<ProbeOptions> = {}) {
  const lines: string[] = [];
  const observations = await within(
    probeSession(agentConfig(config), { message: 'Hello', write: (line) => lines.push(line), ...options }),
    20_000,
    'the probe',
  );
  const advice = adviseOn(observations).join('\n');
  return { out: lines.join('\n'), advice, observations };
}

async function url(script: ConnectionScript): Promise<string> {
  return keep(await startScriptedAgent(script)).url;
}

describe('the opening turn', () => {
  it('a greeting in answer to the init frame is the opening turn, not the reply to the message', async () => {
    const where = await url((ws) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { action?: string; type?: string; text?: string };
        if (frame.action === 'start') setTimeout(() => send(ws, { type: 'message', text: 'Welcome!' }), 50);
        if (frame.type === 'message') setTimeout(() => send(ws, { type: 'message', text: `You said ${frame.text}` }), 50);
      });
    });
    const { out, observations } = await probe({ connection: { url: where, init: { action: 'start' } } });
    expect(observations.opening?.text).toBe('Welcome!');
    expect(observations.reply?.text).toBe('You said Hello');
    expect(out).toMatch(/✓ opening turn from the agent \(frame #1\): Welcome!/);
    expect(out).toMatch(/✓ reply to the message \(1 message, frame #2\)/);
    // The greeting came before the message went out.
    expect(out.indexOf('opening turn')).toBeLessThan(out.indexOf('message     {'));
  });

  it('--agent-first waits for an opening turn that comes late', async () => {
    const where = await url(agent((ws, text) => send(ws, { type: 'message', text: `re: ${text}` }), (ws) => setTimeout(() => send(ws, { type: 'message', text: 'Hi, I am slow' }), 1_300)));
    const { out, observations } = await probe({ connection: { url: where } }, { agentFirst: true });
    expect(out).toContain("waiting up to 3 s for the agent's opening turn (--agent-first)");
    expect(observations.opening?.text).toBe('Hi, I am slow');
    expect(observations.reply?.text).toBe('re: Hello');
  });
});

describe('advice on reply shapes', () => {
  it('a list read through item 0: the other items were lost, suggest itemsPath', async () => {
    const where = await url(
      agent((ws) => send(ws, { activities: [{ type: 'message', text: 'one' }, { type: 'message', text: 'two' }, { type: 'typing' }] })),
    );
    const { advice, out } = await probe({ connection: { url: where }, messages: { typePath: 'activities.0.type', textPath: 'activities.0.text' } });
    expect(out).toContain('✓ reply');
    expect(advice).toContain('1 frame carried a list at `activities`, but textPath `activities.0.text` reads one item of it: 1 other item with text was lost.');
    expect(advice).toContain('itemsPath: activities, textPath: text, typePath: type');
  });

  it('with itemsPath, probe shows every item with its class', async () => {
    const where = await url(agent((ws) => send(ws, { activities: [{ type: 'message', text: 'one' }, { type: 'typing' }] })));
    const { out, advice } = await probe({ connection: { url: where }, messages: { itemsPath: 'activities', typingTypes: 'typing' } });
    expect(out).toMatch(/list {8}2 messages in one frame/);
    expect(out).toMatch(/\[0\] text {8}\{"type":"message","text":"one"\}/);
    expect(out).toMatch(/\[1\] typing {6}\{"type":"typing"\}/);
    expect(advice).toContain('No problems found');
  });

  it('many one-word messages: suggest joinWith "" and the type that came right after as a turn end', async () => {
    const where = await url(
      agent((ws) => {
        for (const token of ['We', ' open', ' at', ' nine', '.']) send(ws, { type: 'message', text: token });
        send(ws, { type: 'stream_complete' });
      }),
    );
    const { advice } = await probe({ connection: { url: where }, coalesceSeconds: 0.3 });
    expect(advice).toContain('Set joinWith: "" to join them as sent.');
    expect(advice).toContain('set turnEndTypes: [stream_complete]');
    expect(advice).not.toContain('textTypes');
  });

  it('typing and done frames: suggest typingTypes and turnEndTypes', async () => {
    const where = await url(agent((ws) => send(ws, { type: 'typing_on' }, { type: 'message', text: 'Sure, here it is.' }, { type: 'message_done' })));
    const { advice } = await probe({ connection: { url: where }, coalesceSeconds: 0.3 });
    expect(advice).toContain('set turnEndTypes: [message_done]');
    expect(advice).toContain('set typingTypes: [typing_on]');
  });

  it.each([
    ['an error field', { type: 'response', error: { message: 'session expired' } }, 'session expired'],
    ['a failing code with a message', { type: 'response', code: 401, message: 'bad token' }, 'bad token (code 401)'],
    ['a JSON-RPC error object', { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } }, 'Method not found'],
  ])('%s is reported as an error from the agent, not as a path to fix', async (_what, frame, said) => {
    const where = await url(agent((ws) => send(ws, frame)));
    const { advice } = await probe({ connection: { url: where }, responseTimeoutSeconds: 1 });
    expect(advice).toContain(`The agent reported an error (frame #1): ${said}.`);
    expect(advice).not.toMatch(/textPath: error|Try textPath|textTypes: \[/);
  });

  it('a config that worked gets no path advice, even with frames it rightly dropped', async () => {
    const where = await url(agent((ws) => send(ws, { type: 'ack' }, { type: 'bot_note', text: 'internal: routed to faq' }, { type: 'message', text: 'Hello!' })));
    const { advice } = await probe({ connection: { url: where }, coalesceSeconds: 0.3 });
    expect(advice).not.toMatch(/textTypes|typePath|textPath/);
  });
});

describe('http-first', () => {
  it('shows the setup body masked and, when websocketUrlPath finds nothing, names the paths holding ws URLs', async () => {
    const server = keep(
      await startHttpServer((_req, res) => sendJson(res, 200, { session: { token: SECRET, links: { stream: `wss://chat.example.com/s/1?t=${SECRET}` } } })),
    );
    const { out, advice } = await probe({
      connection: { mode: 'http-first', setup: { url: server.url, websocketUrlPath: 'websocketUrl' } },
    });
    expect(out).toContain('← setup body');
    // The session token is masked in the body, and wherever else it shows up (here: in a URL).
    expect(out).toContain('"links":{"stream":"wss://chat.example.com/s/1?t=****"}');
    expect(out).not.toContain(SECRET);
    expect(advice).toContain('but it holds one at `session.links.stream`');
    expect(advice).toContain('Set connection.setup.websocketUrlPath: session.links.stream.');
  });
});
