/**
 * README "Config reference"–14.4 against real ws and HTTP servers on 127.0.0.1: several frames per user message,
 * conditions that flag errors on any field (during the handshake and after it), and values the
 * handshake captures from a frame and from an `http` step.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agentConfig, SECRET, useConversationCleanup } from '../helpers/conv-configs.js';
import { rejection, say, sendJson, startHttpServer } from '../helpers/conv-servers.js';
import { startScriptedAgent } from '../helpers/scripted-agent.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();

describe('messages.sendFrames', () => {
  it('sends every frame in order per user message, the reply timed from the first', async () => {
    const agent = keep(
      await startScriptedAgent((ws) => {
        let text = '';
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { type: string; text?: string };
          if (frame.type === 'item') text = frame.text ?? '';
          if (frame.type === 'go') say(ws, `got ${text}`);
        });
      }),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { sendFrames: [{ type: 'item', text: '{{message}}' }, { type: 'go', seq: '{{message.seq}}' }] },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const turn = await within(convo.send('one'), 5_000, 'reply');
    expect(turn.text).toBe('got one');
    expect(turn.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await within(convo.send('two'), 5_000, 'reply')).text).toBe('got two');
    expect(agent.received).toEqual([
      { type: 'item', text: 'one' },
      { type: 'go', seq: 1 },
      { type: 'item', text: 'two' },
      { type: 'go', seq: 2 },
    ]);
  });

  it('with sendVia, one request per frame, in order, each awaited', async () => {
    let agentWs: import('ws').WebSocket | undefined;
    const http = keep(
      await startHttpServer((request, res) => {
        const body = JSON.parse(request.body) as { type: string; text?: string };
        // The second request only comes once the first was answered.
        setTimeout(() => {
          sendJson(res, 200, {});
          if (body.type === 'go' && agentWs) say(agentWs, 'done');
        }, 30);
      }),
    );
    const agent = keep(await startScriptedAgent((ws) => void (agentWs = ws)));
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { sendFrames: [{ type: 'item', text: '{{message}}' }, { type: 'go' }], sendVia: { url: `${http.url}/send` } },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('hi'), 5_000, 'reply')).text).toBe('done');
    expect(http.requests.map((request) => JSON.parse(request.body))).toEqual([{ type: 'item', text: 'hi' }, { type: 'go' }]);
  });
});

describe('conditions: errorWhen and friends', () => {
  it('a refused join (an error on another field) during the handshake is agent-error at once, not a timeout', async () => {
    const agent = keep(
      await startScriptedAgent((ws) => {
        ws.on('message', () => ws.send(JSON.stringify({ event: 'phx_reply', payload: { status: 'error', response: { reason: 'unmatched topic' } } })));
      }),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { typePath: 'event', errorWhen: [{ path: 'payload.status', equals: 'error' }], errorPath: 'payload.response.reason' },
      handshake: { timeoutSeconds: 10, steps: [{ send: { event: 'phx_join' }, await: { path: 'event', equals: 'phx_reply' } }] },
    });
    const started = Date.now();
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('agent-error');
    expect(error.message).toContain('unmatched topic');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('an all-of list, exists and matches flag an error reply; other frames pass', async () => {
    const agent = keep(
      await startScriptedAgent((ws) => {
        ws.on('message', (data) => {
          const { text } = JSON.parse(data.toString()) as { text: string };
          if (text === 'fail') ws.send(JSON.stringify({ msg: 'result', id: '1', error: { reason: 'nope' } }));
          else ws.send(JSON.stringify({ msg: 'result', id: '1', result: { text: `ok ${text}` } }));
        });
      }),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      messages: {
        typePath: 'msg',
        textTypes: ['result'],
        textPath: 'result.text',
        errorWhen: [[{ path: 'msg', equals: 'result' }, { path: 'error', exists: true }], { path: 'result.text', matches: '/^FATAL/i' }],
        errorPath: 'error.reason',
      },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('hi'), 5_000, 'reply')).text).toBe('ok hi');
    const started = Date.now();
    const error = await rejection(convo.send('fail'), 5_000, 'reply');
    expect(error.code).toBe('agent-error');
    expect(error.message).toContain('nope');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('turnEndWhen ends a turn at once; readyWhen is the ready message', async () => {
    const agent = keep(
      await startScriptedAgent((ws) => {
        ws.send(JSON.stringify({ kind: 'status', state: 'ready' }));
        ws.on('message', () => {
          ws.send(JSON.stringify({ kind: 'delta', text: 'a' }));
          ws.send(JSON.stringify({ kind: 'delta', text: 'b' }));
          ws.send(JSON.stringify({ kind: 'status', state: 'done' }));
        });
      }),
    );
    const config = agentConfig({
      connection: { url: agent.url },
      coalesceSeconds: 5,
      messages: { typePath: 'kind', textTypes: ['delta'], joinWith: '', turnEndWhen: [{ path: 'state', equals: 'done' }] },
      handshake: { readyWhen: [{ path: 'state', equals: 'ready' }] },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const started = Date.now();
    expect((await within(convo.send('x'), 5_000, 'reply')).text).toBe('ab');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('values from the handshake', () => {
  /** A Pusher-like agent: a socket id first, then a subscription whose auth must sign it. */
  const pusherLike = (key: string) =>
    startScriptedAgent((ws) => {
      const socketId = `${Math.floor(Math.random() * 1e6)}.${Math.floor(Math.random() * 1e6)}`;
      ws.send(JSON.stringify({ event: 'pusher:connection_established', data: JSON.stringify({ socket_id: socketId }) }));
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { event: string; data: { auth?: string; text?: string } };
        if (frame.event === 'pusher:subscribe') {
          const good = frame.data.auth === `app:${createHmac('sha256', key).update(`${socketId}:private-x`).digest('hex')}`;
          ws.send(JSON.stringify(good ? { event: 'pusher_internal:subscription_succeeded' } : { event: 'pusher:error', data: { message: 'bad auth' } }));
        }
        if (frame.event === 'client-message') ws.send(JSON.stringify({ event: 'message', text: `echo ${frame.data.text}` }));
      });
    });

  const authServer = (key: string) =>
    startHttpServer((request, res) => {
      const { socket_id: socketId, channel_name: channel } = JSON.parse(request.body) as { socket_id: string; channel_name: string };
      sendJson(res, 200, { auth: `app:${createHmac('sha256', key).update(`${socketId}:${channel}`).digest('hex')}` });
    });

  const pusherConfig = (url: string, authUrl: string) =>
    agentConfig(
      {
        connection: { url },
        messages: {
          typePath: 'event',
          decode: ['data'],
          sendTemplate: { event: 'client-message', channel: 'private-x', data: { text: '{{message}}', auth: '{{handshake.auth}}' } },
          errorTypes: ['pusher:error'],
          errorPath: 'data.message',
        },
        handshake: {
          timeoutSeconds: 3,
          steps: [
            { await: { path: 'event', equals: 'pusher:connection_established' }, capture: { socketId: 'data.socket_id' } },
            {
              http: { url: authUrl, headers: { Authorization: `Bearer ${SECRET}` }, body: { socket_id: '{{handshake.socketId}}', channel_name: 'private-x' } },
              capture: { auth: 'auth' },
            },
            { send: { event: 'pusher:subscribe', data: { channel: 'private-x', auth: '{{handshake.auth}}' } }, await: { path: 'event', equals: 'pusher_internal:subscription_succeeded' } },
          ],
        },
      },
      {},
    );

  it('captures from a frame and from an http step, and renders them into later steps and messages', async () => {
    const agent = keep(await pusherLike('k3y'));
    const auth = keep(await authServer('k3y'));
    const convo = await within(pool.connect(pusherConfig(agent.url, `${auth.url}/auth`)), 5_000, 'connect');
    expect((await within(convo.send('hi'), 5_000, 'reply')).text).toBe('echo hi');
    expect(auth.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    const sent = agent.received.at(-1) as { data: { auth: string } };
    expect(sent.data.auth).toMatch(/^app:[0-9a-f]{64}$/);
    // What an http step captured is a secret: masked wherever the conversation shows text.
    expect(convo.redact(`auth ${sent.data.auth}`)).toBe('auth ****');
  });

  it('an http step that fails is setup-failed naming the step; a capture that finds nothing is handshake-timeout naming step and path', async () => {
    const agent = keep(await pusherLike('k3y'));
    const down = keep(await startHttpServer((_request, res) => sendJson(res, 500, {})));
    const failed = await rejection(pool.connect(pusherConfig(agent.url, `${down.url}/auth`)), 5_000, 'connect');
    expect(failed.code).toBe('setup-failed');
    expect(failed.message).toMatch(/handshake step 2: POST .*HTTP 500/);
    const empty = keep(await startHttpServer((_request, res) => sendJson(res, 200, { nothing: true })));
    const missing = await rejection(pool.connect(pusherConfig(agent.url, `${empty.url}/auth`)), 5_000, 'connect');
    expect(missing.code).toBe('handshake-timeout');
    expect(missing.message).toBe('Handshake timeout: step 2 captured nothing at auth in the HTTP response');
  });
});
