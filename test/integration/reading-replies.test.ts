/**
 * README "How replies are read" against real sockets: every reply shape read the way the config says, and the turn
 * steered by typing, turn-end, end and error messages.
 */
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { runTestSet } from '../../src/engine/run.js';
import { agentConfig, useConversationCleanup } from '../helpers/conv-configs.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ConnectionScript } from '../helpers/scripted-agent.js';

const { pool, keep } = useConversationCleanup();

/** An agent that answers each user message (`{type:'message', text}`) through `answer`. */
function onUserMessage(answer: (ws: WebSocket, text: string) => void): ConnectionScript {
  return (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type?: string; text?: string };
      if (frame.type === 'message' && typeof frame.text === 'string') answer(ws, frame.text);
    });
  };
}

const send = (ws: WebSocket, ...frames: unknown[]) => {
  for (const frame of frames) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
};

async function agentWith(answer: (ws: WebSocket, text: string) => void, onOpen?: (ws: WebSocket) => void) {
  return keep(
    await startScriptedAgent((ws, request) => {
      onOpen?.(ws);
      onUserMessage(answer)(ws, request);
    }),
  );
}

async function runOne(url: string, messages: Record<string, unknown>, turns: unknown[], extra: Record<string, unknown> = {}): Promise<SimulationResult> {
  const results: SimulationResult[] = [];
  await within(
    runTestSet(agentConfig({ connection: { url }, messages, ...extra }), parseTestSet({ cases: [{ id: 'c', turns }] }), {
      onResult: (result) => results.push(result),
    }),
    10_000,
    'the run',
  );
  return results[0]!;
}

describe('reply shapes', () => {
  it('Amazon Connect: JSON in a string, two messages out of order, heartbeats; decoded, sorted by timestamp', async () => {
    const connect = (Content: string, AbsoluteTime: string) => ({
      topic: 'aws/chat',
      content: JSON.stringify({ Type: 'MESSAGE', ParticipantRole: 'AGENT', Content, AbsoluteTime }),
    });
    const agent = await agentWith((ws) =>
      send(ws, { topic: 'aws/heartbeat' }, connect('second', '2026-01-05T10:00:01.000Z'), connect('first', '2026-01-05T10:00:00.000Z')),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { decode: 'content', typePath: 'content.Type', textTypes: 'MESSAGE', textPath: 'content.Content', orderByPath: 'content.AbsoluteTime' },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const reply = await within(convo.send('hi'), 5_000, 'reply');
    expect(reply.messages).toEqual(['first', 'second']);
    expect(convo.stats.dropped.type).toBe(1);
  });

  it('Direct Line: two activities in one frame, our echo dropped by inboundDirection, typing and keepalives dropped', async () => {
    const agent = await agentWith((ws, text) =>
      send(ws, '', {
        activities: [
          { type: 'message', from: { id: 'user-1' }, text },
          { type: 'typing', from: { id: 'bot' } },
        ],
      }, { activities: [{ type: 'message', from: { id: 'bot' }, text: 'one' }, { type: 'message', from: { id: 'bot' }, text: 'two' }] }),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { itemsPath: 'activities', directionPath: 'from.id', inboundDirection: 'user-{{case.id}}', typingTypes: 'typing' },
    });
    const convo = await within(pool.connect(config, { caseId: '1' }), 5_000, 'connect');
    const reply = await within(convo.send('hello'), 5_000, 'reply');
    expect(reply.messages).toEqual(['one', 'two']);
    expect(convo.stats.dropped).toMatchObject({ invalidJson: 1, direction: 1, typing: 1 });
  });

  it('token deltas join with joinWith "" and the completion frame delivers the turn at once', async () => {
    const agent = await agentWith((ws) => {
      for (const token of ['Hel', 'lo', ' there', '!']) send(ws, { type: 'delta', text: token });
      setTimeout(() => send(ws, { type: 'done' }), 50);
    });
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { textTypes: 'delta', turnEndTypes: 'done', joinWith: '' },
      coalesceSeconds: 5,
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const started = performance.now();
    const reply = await within(convo.send('hi'), 4_000, 'reply before the quiet period');
    expect(reply.text).toBe('Hello there!');
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('a typing indicator restarts the quiet period, so a slow second message joins the same turn', async () => {
    const agent = await agentWith((ws) => {
      send(ws, { type: 'message', text: 'thinking' });
      setTimeout(() => send(ws, { type: 'typing' }), 200);
      setTimeout(() => send(ws, { type: 'typing' }), 400);
      setTimeout(() => send(ws, { type: 'message', text: 'answer' }), 600);
    });
    const config = agentConfig({ connection: { url: agent.url }, messages: { typingTypes: 'typing' }, coalesceSeconds: 0.35 });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('hi'), 5_000, 'reply')).messages).toEqual(['thinking', 'answer']);
  });

  it('autoReplies are answered at once, even while the handshake waits', async () => {
    const pongs: unknown[] = [];
    const agent = keep(
      await startScriptedAgent((ws) => {
        send(ws, { op: 'ping', n: 1 });
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { op?: string; type?: string };
          if (frame.op === 'pong') {
            pongs.push(frame);
            if (pongs.length === 1) send(ws, { type: 'ready' });
          }
          if (frame.type === 'message') send(ws, { op: 'ping' }, { type: 'message', text: 'ok' });
        });
      }),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      handshake: { readyType: 'ready' },
      messages: { autoReplies: [{ when: { path: 'op', equals: 'ping' }, send: { op: 'pong', session: '{{case.id}}' } }] },
    });
    const convo = await within(pool.connect(config, { caseId: 'c-7' }), 5_000, 'connect (needs the first pong)');
    expect((await within(convo.send('hi'), 5_000, 'reply')).text).toBe('ok');
    await expect.poll(() => pongs.length).toBe(2);
    expect(pongs[0]).toEqual({ op: 'pong', session: 'c-7' });
    expect(convo.stats.dropped.autoReply).toBe(2);
  });
});

describe('end and error messages in a run', () => {
  const steering = { endTypes: 'endOfConversation', errorTypes: 'error', errorPath: 'error.message' };

  it('an end message after the last reply ends the case on time: passed', async () => {
    const agent = await agentWith((ws) => send(ws, { type: 'message', text: 'bye now' }, { type: 'endOfConversation' }));
    const result = await runOne(agent.url, steering, [{ user: 'bye', expect: { contains: 'bye' } }]);
    expect(result).toMatchObject({ verdict: 'passed', error: null });
    expect(result.transcript.at(-1)).toMatchObject({ role: 'agent', text: 'bye now' });
  });

  it('an end message while turns remain delivers what came, then fails agent-closed', async () => {
    const agent = await agentWith((ws) => send(ws, { type: 'message', text: 'goodbye' }, { type: 'endOfConversation' }));
    const result = await runOne(agent.url, steering, ['one', 'two']);
    expect(result.verdict).toBe('failed');
    expect(result.error).toMatchObject({ code: 'agent-closed' });
    expect(result.error!.message).toMatch(/^Agent closed the connection/);
    expect(result.transcript.map((t) => t.text)).toEqual(['one', 'goodbye']);
  });

  it('an error message ends the turn at once with agent-error, quoting errorPath: failed', async () => {
    const agent = await agentWith((ws) => send(ws, { type: 'message', text: 'let me check' }, { type: 'error', error: { message: 'quota exceeded' } }));
    const started = performance.now();
    const result = await runOne(agent.url, steering, ['one', 'two'], { coalesceSeconds: 5 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.verdict).toBe('failed');
    expect(result.error).toEqual({ code: 'agent-error', message: 'Agent reported an error: quota exceeded' });
    expect(result.transcript.map((t) => t.text)).toEqual(['one', 'let me check']);
    expect(result.dropped.error).toBe(1);
  });

  it('a JSON-RPC error without errorPath is quoted as the frame itself, cut', async () => {
    const agent = await agentWith((ws) => send(ws, { jsonrpc: '2.0', type: 'error', error: { code: -32000, data: 'x'.repeat(400) } }));
    const result = await runOne(agent.url, { errorTypes: 'error' }, ['one']);
    expect(result.error!.code).toBe('agent-error');
    expect(result.error!.message).toMatch(/^Agent reported an error: \{"jsonrpc":"2.0","type":"error","error":\{"code":-32000/);
    expect(result.error!.message.length).toBeLessThan(260);
  });
});
