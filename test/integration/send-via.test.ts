/**
 * `messages.sendVia` (README "Config reference") against real servers on 127.0.0.1: user messages go out as HTTP
 * requests while replies come on the socket; a request that fails ends the conversation with
 * `send-failed` (verdict failed), its message clean of secrets.
 */
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { runTestSet } from '../../src/engine/run.js';
import { parseTestSet } from '../../src/config/load.js';
import { agentConfig, expectCleanMessage, SECRET, useConversationCleanup } from '../helpers/conv-configs.js';
import { refusedPort, rejection, say, sendJson, startHttpServer, type HttpRequestRecord } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent } from '../helpers/scripted-agent.js';
import type { ServerResponse } from 'node:http';

const { pool, keep } = useConversationCleanup();

/** An agent whose replies go out on its one socket; the HTTP side hands it what was posted. */
async function startSplitAgent(onPost: (request: HttpRequestRecord, res: ServerResponse, socket: WebSocket | null) => void) {
  let socket: WebSocket | null = null;
  const ws = keep(await startScriptedAgent((peer) => (socket = peer)));
  const http = keep(await startHttpServer((request, res) => onPost(request, res, socket)));
  return { ws, http };
}

const sendVia = (url: string, extra: Record<string, unknown> = {}) => ({
  sendTemplate: { type: 'message', text: '{{message}}', seq: '{{message.seq}}', id: '{{message.id}}' },
  sendVia: { url, headers: { Authorization: `Bearer ${SECRET}` }, ...extra },
});

describe('sendVia', () => {
  it('posts each user message as the rendered template and reads the reply from the socket', async () => {
    const { ws, http } = await startSplitAgent((request, res, socket) => {
      const body = JSON.parse(request.body) as { text: string; seq: number };
      sendJson(res, 200, { id: 'ok' });
      say(socket!, `you said ${body.text} (#${body.seq})`);
    });
    const config = agentConfig({ connection: { url: ws.url }, messages: sendVia(`${http.url}/messages/{{message.seq}}`) });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('Hello "there"\n'), 5_000, 'reply')).text).toBe('you said Hello "there"\n (#1)');
    expect((await within(convo.send('again'), 5_000, 'reply')).text).toBe('you said again (#2)');
    expect(http.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['POST', '/messages/1', `Bearer ${SECRET}`],
      ['POST', '/messages/2', `Bearer ${SECRET}`],
    ]);
    const bodies = http.requests.map((r) => JSON.parse(r.body) as { id: string });
    expect(bodies[0]).toMatchObject({ type: 'message', text: 'Hello "there"\n', seq: 1 });
    expect(bodies[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(bodies[1]!.id).not.toBe(bodies[0]!.id);
    // Nothing of the user's went over the socket.
    expect(ws.received).toEqual([]);
  });

  it('a 500 answer ends the conversation with send-failed, naming the status, never the secret', async () => {
    const { ws, http } = await startSplitAgent((_request, res) => sendJson(res, 500, { error: 'boom' }));
    const config = agentConfig({ connection: { url: ws.url }, messages: sendVia(`${http.url}/messages`) });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const error = await rejection(convo.send('Hello'), 5_000, 'send');
    expect(error.code).toBe('send-failed');
    expectCleanMessage(error.message, 'Failed to send message');
    expect(error.message).toContain('HTTP 500');
  });

  it('a request with no answer within connectTimeoutSeconds is send-failed', async () => {
    const { ws, http } = await startSplitAgent(() => undefined);
    const config = agentConfig({ connection: { url: ws.url, connectTimeoutSeconds: 0.3 }, messages: sendVia(`${http.url}/messages`) });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const error = await rejection(convo.send('Hello'), 5_000, 'send');
    expect(error.code).toBe('send-failed');
    expect(error.message).toBe('Failed to send message: no response within 0.3 s');
  });

  it('a refused connection is send-failed naming the cause', async () => {
    const { ws } = await startSplitAgent(() => undefined);
    const url = `http://127.0.0.1:${await refusedPort()}/messages`;
    const convo = await within(pool.connect(agentConfig({ connection: { url: ws.url }, messages: sendVia(url) })), 5_000, 'connect');
    const error = await rejection(convo.send('Hello'), 5_000, 'send');
    expect(error).toMatchObject({ code: 'send-failed' });
    expect(error.message).toMatch(/^Failed to send message: POST http:\/\/127\.0\.0\.1:\d+\/messages: ECONNREFUSED/);
  });

  it('in a run, send-failed makes the verdict failed', async () => {
    const { ws, http } = await startSplitAgent((_request, res) => sendJson(res, 503, {}));
    const config = agentConfig({ connection: { url: ws.url }, messages: sendVia(`${http.url}/messages`) });
    const results: unknown[] = [];
    await within(runTestSet(config, parseTestSet({ cases: [{ id: 'a', turns: ['Hello'] }] }), { onResult: (r) => results.push(r) }), 10_000, 'run');
    expect(results).toMatchObject([{ verdict: 'failed', error: { code: 'send-failed' } }]);
  });

  it('a setup token rendered into its headers is masked from the start, even in a stream URL a connect error names', async () => {
    const port = await refusedPort();
    const token = 'dl-token-0123456789abcdef';
    const http = keep(
      await startHttpServer((_request, res) =>
        sendJson(res, 201, { conversationId: 'c1', token, streamUrl: `ws://127.0.0.1:${port}/stream?t=${token}` }),
      ),
    );
    const config = agentConfig({
      connection: { mode: 'http-first', setup: { url: `${http.url}/conversations`, websocketUrlPath: 'streamUrl' } },
      messages: sendVia(`${http.url}/conversations/{{setup.conversationId}}/activities`, { headers: { Authorization: 'Bearer {{setup.token}}' } }),
    });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error).toMatchObject({ code: 'connect-failed' });
    expect(error.message).not.toContain(token);
  });
});
