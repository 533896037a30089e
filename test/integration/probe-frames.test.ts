/**
 * README "Probe walkthrough": the probe never leaks and never misleads. Each case is one the probe got wrong on a
 * real stack (issue 21), run with probeSession and the advice against an agent on loopback.
 */
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { adviseOn } from '../../src/probe/advice/index.js';
import { probeSession } from '../../src/probe/session.js';
import { agentConfig, SECRET, useConversationCleanup } from '../helpers/conv-configs.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ConnectionScript } from '../helpers/scripted-agent.js';

const { keep } = useConversationCleanup();

const send = (ws: WebSocket, ...frames: unknown[]) => {
  for (const frame of frames) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
};

async function probe(script: ConnectionScript, config: (url: string) => Record<string, unknown>, env: Record<string, string> = {}) {
  const { url } = keep(await startScriptedAgent(script));
  const lines: string[] = [];
  const observations = await within(
    probeSession(agentConfig({ coalesceSeconds: 0.2, ...config(url) }, { env }), { message: 'Hello', write: (line) => lines.push(line) }),
    20_000,
    'the probe',
  );
  return { out: lines.join('\n'), advice: adviseOn(observations).join('\n') };
}

/** Answers each client frame that carries `text` (anywhere one level down) with `answer`. */
const onText =
  (answer: (ws: WebSocket, frame: Record<string, any>) => void, onOpen?: (ws: WebSocket) => void): ConnectionScript =>
  (ws) => {
    onOpen?.(ws);
    ws.on('message', (data) => answer(ws, JSON.parse(data.toString()) as Record<string, any>));
  };

describe('the probe never leaks', () => {
  it('an {{env.*}} secret in a handshake step is masked in what the probe prints', async () => {
    const { out } = await probe(
      onText((ws, frame) => {
        if (frame.type === 'login') send(ws, { type: 'login_ok' });
        if (frame.type === 'message') send(ws, { type: 'message', text: 'hi' });
      }),
      (url) => ({ connection: { url }, handshake: { steps: [{ send: { type: 'login', token: '{{env.API_TOKEN}}' }, await: { path: 'type', equals: 'login_ok' } }] } }),
      { API_TOKEN: SECRET },
    );
    expect(out).toContain('"token":"****"');
    expect(out).not.toContain(SECRET);
  });
});

describe('the probe prints what really goes out', () => {
  it('URLs with {{simulation.id}} rendered, {{message.id}} as a UUID, every frame of sendFrames', async () => {
    const { out } = await probe(
      onText((ws, frame) => {
        if (frame.type === 'go') send(ws, { type: 'message', text: 'hi' });
      }),
      (url) => ({
        connection: { url: `${url}?session={{simulation.id}}` },
        messages: { sendFrames: [{ type: 'item', text: '{{message}}', id: '{{message.id}}' }, { type: 'go' }] },
      }),
    );
    expect(out).not.toContain('{{simulation.id}}');
    expect(out).toMatch(/→ connect {9}ws:\/\/127\.0\.0\.1:\d+\/ws\?session=[0-9a-f-]{36} /);
    expect(out).toMatch(/message {5}\{"type":"item","text":"Hello","id":"[0-9a-f-]{36}"\}/);
    expect(out).toMatch(/then {6}\{"type":"go"\}/);
  });

  it('control characters escaped (a SignalR record separator is not hidden)', async () => {
    const { out } = await probe(
      onText((ws, frame) => {
        if (frame.type === 'message') send(ws, `{"type":"message","text":"hi"}\u001e`, { type: 'message', text: 'there' });
      }),
      (url) => ({ connection: { url } }),
    );
    expect(out).toContain('{"type":"message","text":"hi"}\\u001e');
    expect(out).not.toContain('\u001e');
  });

  it('a streamed reply as its joined text with the count of its parts', async () => {
    const { out } = await probe(
      onText((ws, frame) => {
        if (frame.type === 'message') send(ws, ...['We ', 'open ', 'at ', '9 am.'].map((delta) => ({ type: 'delta', delta })), { type: 'done' });
      }),
      (url) => ({ connection: { url }, messages: { textTypes: ['delta'], textPath: 'delta', joinWith: '', turnEndTypes: ['done'] } }),
    );
    expect(out).toMatch(/✓ reply to the message \(4 parts, joined, frames #1–#4\)/);
    expect(out).toContain('    We open at 9 am.');
  });
});

describe('the probe never misleads', () => {
  it('an ack that also comes on success is not advised as errorTypes; errorWhen on its field instead', async () => {
    const { advice } = await probe(
      onText((ws, frame) => {
        if (frame.type === 'sendToGroup') send(ws, { type: 'ack', ackId: frame.ackId, success: false, error: { name: 'Forbidden', message: 'no permission' } });
      }),
      (url) => ({
        connection: { url },
        responseTimeoutSeconds: 0.5,
        messages: { sendTemplate: { type: 'sendToGroup', ackId: '{{message.seq}}', data: { text: '{{message}}' } }, textPath: 'data.text' },
      }),
    );
    expect(advice).not.toContain('errorTypes: [ack]');
    expect(advice).toContain('errorWhen: [{ path: error, exists: true }] and errorPath: error.message');
  });

  it('a config that already ends turns and replies: no errorTypes, no turnEndTypes advice', async () => {
    const { advice } = await probe(
      onText(
        (ws, frame) => {
          if (frame.type !== 'response.create') return;
          send(
            ws,
            { type: 'response.text.delta', delta: 'Hi ' },
            { type: 'response.text.delta', delta: 'there' },
            { type: 'response.text.done' },
            { type: 'response.content_part.done' },
            { type: 'response.output_item.done' },
            { type: 'response.done' },
          );
        },
        // An error event for a setting the agent ignores: not what ended the turn, nor instead of a reply.
        (ws) => send(ws, { type: 'error', error: { message: 'Unknown parameter: session.voice' } }),
      ),
      (url) => ({
        connection: { url },
        messages: {
          sendFrames: [{ type: 'conversation.item.create', text: '{{message}}' }, { type: 'response.create' }],
          textTypes: ['response.text.delta'],
          textPath: 'delta',
          joinWith: '',
          turnEndTypes: ['response.done'],
        },
      }),
    );
    expect(advice).not.toMatch(/errorTypes/);
    expect(advice).not.toMatch(/turnEndTypes/);
  });

  it('never advises turning an awaited handshake frame into a turn end or an error', async () => {
    const { advice } = await probe(
      onText((ws, frame) => {
        if (frame.event === 'phx_join') send(ws, { event: 'phx_reply', payload: { status: 'ok' }, ref: 'join' });
        if (frame.event === 'new_msg') send(ws, { event: 'phx_reply', payload: { status: 'ok' }, ref: '1' });
      }),
      (url) => ({
        connection: { url },
        responseTimeoutSeconds: 0.5,
        messages: { typePath: 'event', textTypes: ['new_msg'], textPath: 'payload.body', sendTemplate: { event: 'new_msg', payload: { body: '{{message}}' } } },
        handshake: { steps: [{ send: { event: 'phx_join' }, await: { path: 'event', equals: 'phx_reply' } }] },
      }),
    );
    expect(advice).not.toMatch(/(errorTypes|turnEndTypes|typingTypes|endTypes): \[[^\]]*phx_reply/);
  });
});
