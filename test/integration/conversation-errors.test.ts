/**
 * Every conversation-level error of README "Error codes", each provoked by a real server misbehaving on
 * 127.0.0.1: the code, the message prefix, and that the configured secret never shows.
 */
import { describe, expect, it, vi } from 'vitest';
import { agentConfig, useConversationCleanup, expectCleanMessage, SECRET } from '../helpers/conv-configs.js';
import {
  refusedPort,
  rejection,
  say,
  sendJson,
  startDeafAgent,
  startHttpServer,
  startSilentServer,
} from '../helpers/conv-servers.js';
import { waitUntil, within } from '../helpers/wait.js';
import { echoScript, startScriptedAgent, type ConnectionScript } from '../helpers/scripted-agent.js';

const { pool, keep } = useConversationCleanup();

/** A direct config carrying the secret in both the authorization and a credential header. */
function direct(url: string, extra: Record<string, unknown> = {}) {
  const { connection, ...rest } = extra as { connection?: Record<string, unknown> };
  return agentConfig({
    connection: { url, authorization: `Bearer ${SECRET}`, headers: { 'X-Api-Key': SECRET }, ...connection },
    ...rest,
  });
}

/** An http-first config whose setup call carries the secret. */
function httpFirst(setupUrl: string, connection: Record<string, unknown> = {}) {
  return agentConfig({
    connection: {
      mode: 'http-first',
      authorization: 'Bearer {{setup.data.token}}',
      setup: {
        url: setupUrl,
        body: { channel: 'web' },
        headers: { Authorization: `Bearer ${SECRET}` },
        websocketUrlPath: 'data.websocket_url',
      },
      ...connection,
    },
  });
}

async function agent(script: ConnectionScript = echoScript()) {
  return keep(await startScriptedAgent(script));
}

describe('setup-failed', () => {
  it('on a non-2xx answer', async () => {
    const http = keep(await startHttpServer((_req, res) => sendJson(res, 500, { error: `boom ${SECRET}` })));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/sessions`)), 5_000, 'connect');
    expect(error.code).toBe('setup-failed');
    expectCleanMessage(error.message, 'Session setup failed:');
    expect(error.message).toContain('500');
  });

  it('on an answer that is not JSON', async () => {
    const http = keep(await startHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>')));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/sessions`)), 5_000, 'connect');
    expect(error.code).toBe('setup-failed');
    expectCleanMessage(error.message, 'Session setup failed:');
    expect(error.message).toMatch(/JSON/);
  });

  it('when a {{setup.x}} used in the config is missing from the answer, before connecting', async () => {
    let upgrades = 0;
    const ws = keep(
      await startScriptedAgent(echoScript(), {
        verifyUpgrade: () => {
          upgrades += 1;
          return null;
        },
      }),
    );
    const http = keep(await startHttpServer((_req, res) => sendJson(res, 201, { data: { websocket_url: ws.url } })));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/sessions`)), 5_000, 'connect');
    expect(error.code).toBe('setup-failed');
    expectCleanMessage(error.message, 'Session setup failed:');
    expect(error.message).toContain('data.token');
    expect(upgrades).toBe(0);
  });

  it('when the setup request takes longer than connectTimeoutSeconds', async () => {
    // Reads the request and never answers.
    const http = keep(await startHttpServer(() => undefined));
    const started = performance.now();
    const error = await rejection(pool.connect(httpFirst(`${http.url}/sessions`, { connectTimeoutSeconds: 0.4 })), 5_000, 'connect');
    expect(error.code).toBe('setup-failed');
    expectCleanMessage(error.message, 'Session setup failed:');
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    expect(http.requests).toHaveLength(1);
  });

  it('on a redirect, which is not followed (a POST would lose its body)', async () => {
    const http = keep(await startHttpServer((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end()));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/sessions`)), 5_000, 'connect');
    expect(error.code).toBe('setup-failed');
    expectCleanMessage(error.message, 'Session setup failed:');
    expect(error.message).toContain('302');
    expect(http.requests).toHaveLength(1);
  });

  it('when nothing listens at the setup URL', async () => {
    const port = await refusedPort();
    const error = await rejection(pool.connect(httpFirst(`http://127.0.0.1:${port}/sessions`)), 5_000, 'connect');
    expect(error.code).toBe('setup-failed');
    expectCleanMessage(error.message, 'Session setup failed:');
  });
});

describe('setup-no-url', () => {
  it.each([
    ['nothing at the path', { data: { token: 't' } }],
    ['an http:// URL', { data: { token: 't', websocket_url: 'http://127.0.0.1:1/ws' } }],
    ['a number', { data: { token: 't', websocket_url: 42 } }],
  ])('when the answer has %s', async (_what, body) => {
    const http = keep(await startHttpServer((_req, res) => sendJson(res, 200, body)));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/sessions`)), 5_000, 'connect');
    expect(error.code).toBe('setup-no-url');
    expectCleanMessage(error.message, 'Session setup response has no WebSocket URL at');
    expect(error.message).toContain('data.websocket_url');
  });
});

describe('connect-timeout', () => {
  it('when the server takes the TCP connection but never answers the upgrade', async () => {
    const silent = keep(await startSilentServer());
    const started = performance.now();
    const error = await rejection(pool.connect(direct(silent.url, { connection: { connectTimeoutSeconds: 0.5 } })), 5_000, 'connect');
    expect(error.code).toBe('connect-timeout');
    expectCleanMessage(error.message, 'Timeout connecting to WebSocket');
    // Named like connect-failed names it, so the two read alike in a report.
    expect(error.message).toBe(`Timeout connecting to WebSocket ${silent.url}: no open socket within 0.5 s`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(silent.accepted()).toBe(1);
  });
});

describe('connect-failed', () => {
  it('when nothing listens on the port', async () => {
    const port = await refusedPort();
    const error = await rejection(pool.connect(direct(`ws://127.0.0.1:${port}/ws`)), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket');
  });

  it.each([401, 403, 500])('when the upgrade is answered with HTTP %i, naming the status', async (status) => {
    const ws = keep(await startScriptedAgent(echoScript(), { verifyUpgrade: () => status }));
    const error = await rejection(pool.connect(direct(ws.url)), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket');
    expect(error.message).toContain(String(status));
  });

  it('when the setup answer gives a URL ws cannot use (port out of range)', async () => {
    const http = keep(await startHttpServer((_req, res) => sendJson(res, 201, { data: { websocket_url: 'ws://127.0.0.1:99999/ws', token: 't0k' } })));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/s`)), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket');
  });

  it('hides a WebSocket credential rendered from the setup answer', async () => {
    const wsToken = 'setup-given-secret-42';
    const ws = keep(await startScriptedAgent(echoScript(), { verifyUpgrade: () => 401 }));
    const http = keep(await startHttpServer((_req, res) => sendJson(res, 201, { data: { websocket_url: ws.url, token: wsToken } })));
    const error = await rejection(pool.connect(httpFirst(`${http.url}/s`)), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket', wsToken);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('handshake-timeout', () => {
  it('when the ready message never comes (other frames do not count)', async () => {
    const ws = await agent((socket) => say(socket, 'hello before ready'));
    const config = direct(ws.url, { handshake: { readyType: 'session_ready', timeoutSeconds: 0.4 } });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('handshake-timeout');
    expectCleanMessage(error.message, 'Handshake timeout');
  });
});

describe('agent-closed', () => {
  it('send() rejects after the agent has closed the connection', async () => {
    const ws = await agent((socket) => setTimeout(() => socket.close(4001, 'session over'), 50));
    const convo = await within(pool.connect(direct(ws.url)), 5_000, 'connect');
    const output = await within(convo.done, 5_000, 'the agent to close');
    expect(output).toMatchObject({ status: 'closed', error: null, close: { code: 4001, reason: 'session over' } });
    const error = await rejection(convo.send('anyone there?'), 2_000, 'send');
    expect(error.code).toBe('agent-closed');
    expectCleanMessage(error.message, 'Agent closed the connection');
  });

  it('a pending send() rejects when the agent closes without replying', async () => {
    const ws = await agent((socket) => socket.on('message', () => socket.close(1000, 'no')));
    const convo = await within(pool.connect(direct(ws.url)), 5_000, 'connect');
    const error = await rejection(convo.send('hello'), 5_000, 'send');
    expect(error.code).toBe('agent-closed');
    expectCleanMessage(error.message, 'Agent closed the connection');
  });

  it('close() after the agent closed resolves with the outcome, without poking the ended actor', async () => {
    const ws = await agent((socket) => setTimeout(() => socket.close(4001, 'session over'), 30));
    const convo = await within(pool.connect(direct(ws.url)), 5_000, 'connect');
    await within(convo.done, 5_000, 'the agent to close');
    // Library users call close() in a finally block, so it must be quiet on an ended conversation.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const output = await within(convo.close(), 2_000, 'close()');
      expect(output).toMatchObject({ status: 'closed', close: { code: 4001 } });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('connect() rejects when the agent closes during the handshake', async () => {
    const ws = await agent((socket) => setTimeout(() => socket.close(4003, 'not today'), 30));
    const config = direct(ws.url, { handshake: { readyType: 'session_ready', timeoutSeconds: 3 } });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('agent-closed');
    expectCleanMessage(error.message, 'Agent closed the connection');
  });

  it('hides the secret when the agent echoes it in its close reason', async () => {
    const ws = await agent((socket) => socket.on('message', () => socket.close(4001, `rejected Bearer ${SECRET}`)));
    const convo = await within(pool.connect(direct(ws.url)), 5_000, 'connect');
    const error = await rejection(convo.send('hello'), 5_000, 'send');
    expect(error.code).toBe('agent-closed');
    expectCleanMessage(error.message, 'Agent closed the connection');
    const output = await within(convo.done, 2_000, 'done');
    expect(JSON.stringify(output)).not.toContain(SECRET);
  });

  it('what the agent said before closing is delivered, not lost', async () => {
    const ws = await agent((socket) =>
      socket.on('message', () => {
        say(socket, 'last words');
        socket.close(1000, 'bye');
      }),
    );
    const convo = await within(pool.connect(direct(ws.url, { coalesceSeconds: 1 })), 5_000, 'connect');
    const reply = await within(convo.send('hello'), 5_000, 'send');
    expect(reply.messages).toEqual(['last words']);
  });
});

describe('connection-lost', () => {
  it('when the server cuts the TCP connection mid-conversation', async () => {
    const ws = await agent((socket) =>
      socket.on('message', () => {
        say(socket, 'partial');
        setTimeout(() => socket.terminate(), 50);
      }),
    );
    const convo = await within(pool.connect(direct(ws.url, { coalesceSeconds: 2 })), 5_000, 'connect');
    const turns: string[] = [];
    convo.on('agentTurn', (turn) => turns.push(turn.text));
    // The partial turn is delivered as the reply; the loss shows on the conversation's outcome.
    const reply = await within(convo.send('hello'), 5_000, 'send');
    expect(reply.text).toBe('partial');
    const output = await within(convo.done, 5_000, 'the conversation to end');
    expect(output.error?.code).toBe('connection-lost');
    expectCleanMessage(output.error!.message, 'Connection lost');
    const error = await rejection(convo.send('again'), 2_000, 'send after loss');
    expect(error.code).toBe('connection-lost');
  });

  it('a pending send() rejects when the TCP connection is cut before any reply', async () => {
    const ws = await agent((socket) => socket.on('message', () => socket.terminate()));
    const convo = await within(pool.connect(direct(ws.url)), 5_000, 'connect');
    const error = await rejection(convo.send('hello'), 5_000, 'send');
    expect(error.code).toBe('connection-lost');
    expectCleanMessage(error.message, 'Connection lost');
  });

  it('when the agent sends a frame larger than maxPayload', async () => {
    const ws = await agent((socket) => socket.on('message', () => say(socket, 'x'.repeat(4_096))));
    const convo = await within(pool.connect(direct(ws.url), { maxPayload: 1_024 }), 5_000, 'connect');
    const error = await rejection(convo.send('hello'), 5_000, 'send');
    expect(error.code).toBe('connection-lost');
    expectCleanMessage(error.message, 'Connection lost');
  });

  it('when the agent stops answering pings', async () => {
    const deaf = keep(await startDeafAgent(echoScript()));
    const convo = await within(pool.connect(direct(deaf.url, { connection: { keepaliveSeconds: 0.2 } })), 5_000, 'connect');
    const output = await within(convo.done, 5_000, 'the missed pong');
    expect(deaf.pings()).toBeGreaterThanOrEqual(1);
    expect(output.error?.code).toBe('connection-lost');
    expectCleanMessage(output.error!.message, 'Connection lost');
    const error = await rejection(convo.send('hello'), 2_000, 'send');
    expect(error.code).toBe('connection-lost');
  });

  it('not while the agent answers pings', async () => {
    const ws = await agent();
    const convo = await within(pool.connect(direct(ws.url, { connection: { keepaliveSeconds: 0.1 } })), 5_000, 'connect');
    let pings = 0;
    for (const client of ws.wss.clients) client.on('ping', () => (pings += 1));
    await waitUntil(() => pings >= 4, 5_000, 'four pings');
    expect((await within(convo.send('still here'), 5_000, 'reply')).text).toBe('echo: still here');
  });
});

describe('response-timeout at the conversation level', () => {
  it('is a delivered turn marked timedOut, and the conversation goes on', async () => {
    const ws = await agent((socket) =>
      socket.on('message', (data) => {
        const { text } = JSON.parse(data.toString()) as { text: string };
        if (text !== 'ignored') say(socket, `answer to ${text}`);
      }),
    );
    const convo = await within(pool.connect(direct(ws.url, { responseTimeoutSeconds: 0.3 })), 5_000, 'connect');
    const started = performance.now();
    const timedOut = await within(convo.send('ignored'), 5_000, 'timed-out reply');
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(timedOut).toMatchObject({ text: '', messages: [], timedOut: true, truncated: false, replyTo: 1 });
    const next = await within(convo.send('second'), 5_000, 'next reply');
    expect(next).toMatchObject({ text: 'answer to second', timedOut: false, replyTo: 2 });
  });
});
