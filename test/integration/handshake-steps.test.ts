/**
 * Handshake steps, keepaliveMessage and subprotocols (README "Connecting to your agent") against real ws agents on
 * 127.0.0.1: steps go out in order after init, nothing of the user's before the last await is
 * answered, and a step never answered is `handshake-timeout` naming it.
 */
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentConfig, useConversationCleanup } from '../helpers/conv-configs.js';
import { rejection, say } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ConnectionScript } from '../helpers/scripted-agent.js';

const { pool, keep } = useConversationCleanup();

/** Answers `login` late (after `delayMs`), and echoes messages; what it got is in `received`. */
const lateLogin =
  (delayMs: number): ConnectionScript =>
  (ws) => {
    let loggedIn = false;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; text?: string };
      if (frame.type === 'login') setTimeout(() => ((loggedIn = true), ws.send(JSON.stringify({ type: 'login_ok' }))), delayMs);
      if (frame.type === 'message') say(ws, loggedIn ? `echo: ${frame.text}` : 'not logged in');
    });
  };

const steps = [
  { send: { type: 'login', session: '{{simulation.id}}' }, await: { path: 'type', equals: ['login_ok', 'login_done'] } },
  { send: { type: 'subscribe' } },
];

describe('handshake.steps', () => {
  it('sends init, then each step in order, and no user message before the awaited answer', async () => {
    const agent = keep(await startScriptedAgent(lateLogin(150)));
    const config = agentConfig({ connection: { url: agent.url, init: { type: 'init' } }, handshake: { steps } });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('Hello'), 5_000, 'reply')).text).toBe('echo: Hello');
    expect(agent.received).toEqual([
      { type: 'init' },
      { type: 'login', session: convo.id },
      { type: 'subscribe' },
      { type: 'message', text: 'Hello' },
    ]);
    // The answer to a step is the handshake's, not a dropped frame.
    expect(convo.stats.dropped.type).toBe(0);
    expect(convo.stats.timings.handshakeMs).toBeGreaterThanOrEqual(100);
  });

  it('an await never answered is handshake-timeout naming the step and what it waited for', async () => {
    const agent = keep(await startScriptedAgent(() => undefined));
    const config = agentConfig({
      connection: { url: agent.url },
      handshake: { timeoutSeconds: 0.3, steps: [{ send: { type: 'hello' } }, ...steps] },
    });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('handshake-timeout');
    expect(error.message).toBe('Handshake timeout: step 2 got no frame with type = one of "login_ok", "login_done" within 0.3 s');
  });

  it('one timeout covers the steps and the ready message together', async () => {
    const agent = keep(await startScriptedAgent(lateLogin(200)));
    const config = agentConfig({
      connection: { url: agent.url },
      handshake: { timeoutSeconds: 0.5, readyType: 'session_ready', steps },
    });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.message).toBe('Handshake timeout: no ready message within 0.5 s');
  });

  it('a ready message that comes during the steps counts once they are done', async () => {
    const agent = keep(
      await startScriptedAgent((ws) => {
        ws.send(JSON.stringify({ type: 'session_ready' }));
        lateLogin(50)(ws, undefined as never);
      }),
    );
    const config = agentConfig({ connection: { url: agent.url }, handshake: { readyType: 'session_ready', steps } });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('Hi'), 5_000, 'reply')).text).toBe('echo: Hi');
  });
});

describe('keepaliveMessage', () => {
  it('is sent every keepaliveSeconds from when the socket opens, beside the ws ping', async () => {
    const agent = keep(await startScriptedAgent(() => undefined));
    const config = agentConfig({
      connection: { url: agent.url, keepaliveSeconds: 0.1, keepaliveMessage: { action: 'echo', token: '{{simulation.id}}' } },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    await expect.poll(() => agent.received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(new Set(agent.received.map((frame) => JSON.stringify(frame)))).toEqual(new Set([JSON.stringify({ action: 'echo', token: convo.id })]));
  });
});

describe('subprotocols', () => {
  async function startProtocolAgent(pick: (offered: Set<string>) => string | false) {
    const server = createServer();
    const offeredSeen: string[][] = [];
    const wss = new WebSocketServer({
      server,
      handleProtocols: (offered) => {
        offeredSeen.push([...offered]);
        return pick(offered);
      },
    });
    wss.on('connection', (ws) => ws.on('message', () => say(ws, 'hi')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return keep({
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      offeredSeen,
      close: async () => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    });
  }

  it('offers them in the handshake and records the agent pick in timings.subprotocol', async () => {
    const agent = await startProtocolAgent((offered) => (offered.has('graphql-transport-ws') ? 'graphql-transport-ws' : false));
    const config = agentConfig({ connection: { url: agent.url, subprotocols: ['graphql-ws', 'graphql-transport-ws'] } });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect(agent.offeredSeen).toEqual([['graphql-ws', 'graphql-transport-ws']]);
    expect(convo.stats.timings.subprotocol).toBe('graphql-transport-ws');
  });

  it('leaves timings.subprotocol out when none was offered', async () => {
    const agent = await startProtocolAgent(() => false);
    const convo = await within(pool.connect(agentConfig({ connection: { url: agent.url } })), 5_000, 'connect');
    expect(convo.stats.timings).not.toHaveProperty('subprotocol');
  });
});
