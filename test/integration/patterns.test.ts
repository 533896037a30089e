/**
 * The four connection patterns of README "Connecting to your agent", each against a real agent on 127.0.0.1, through
 * connect() and send() as a library user would, plus template safety on the wire (README "Config reference").
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { emptyDrops } from '../../machines/defaults.js';
import { agentConfig, useConversationCleanup, expectCleanMessage, SECRET } from '../helpers/conv-configs.js';
import { rejection, say, sendJson, startHttpServer, type TestHttpServer } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';

const { pool, keep } = useConversationCleanup();

describe('pattern 1: simple direct connection', () => {
  it('talks to the simple demo agent with nothing but a URL', async () => {
    const agent = keep(await startDemoAgent({ profile: 'simple' }));
    const convo = await within(pool.connect(agentConfig({ connection: { url: agent.url } })), 5_000, 'connect');
    const reply = await within(convo.send('When do you open?'), 5_000, 'reply');
    expect(reply).toMatchObject({ role: 'agent', text: 'We open at 9 am and close at 5 pm.', replyTo: 1, timedOut: false, truncated: false });
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    expect(agent.received()).toEqual([[{ type: 'message', text: 'When do you open?' }]]);
    const { timings } = convo.stats;
    expect(timings.setupMs).toBeNull();
    expect(timings.connectMs).toEqual(expect.any(Number));
    expect(timings.handshakeMs).toBeNull();
  });

  it('coalesces a two-message answer into one reply', async () => {
    const agent = keep(await startDemoAgent({ profile: 'simple' }));
    const convo = await within(pool.connect(agentConfig({ connection: { url: agent.url } })), 5_000, 'connect');
    const reply = await within(convo.send('I want a refund'), 5_000, 'reply');
    expect(reply.messages).toEqual(["I'm sorry to hear that.", 'Refunds take 5 business days.']);
    expect(reply.text).toBe("I'm sorry to hear that.\nRefunds take 5 business days.");
  });
});

describe('pattern 2: authenticated direct connection', () => {
  const init = { action: 'start_session', channel: 'web' };
  const gated = () =>
    startDemoAgent({
      profile: 'simple',
      authorization: `Bearer ${SECRET}`,
      requiredHeaders: { 'X-Tenant': 'acme' },
      requireInit: init,
    });
  const env = { AGENT_TOKEN: SECRET };

  it('sends authorization and headers on the upgrade, and the init before the first user message', async () => {
    const agent = keep(await gated());
    const config = agentConfig(
      { connection: { url: agent.url, authorization: 'Bearer {{env.AGENT_TOKEN}}', headers: { 'X-Tenant': 'acme' }, init } },
      { env },
    );
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const reply = await within(convo.send('Hello'), 5_000, 'reply');
    // The demo answers "init required" to a user message that comes before the init.
    expect(reply.text).toBe('Hi! How can I help?');
    expect(agent.received()).toEqual([[init, { type: 'message', text: 'Hello' }]]);
  });

  it('is refused with 401 without the authorization, and the error says the status', async () => {
    const agent = keep(await gated());
    const config = agentConfig({ connection: { url: agent.url, headers: { 'X-Tenant': 'acme' }, init } });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket');
    expect(error.message).toContain('401');
    expect(agent.stats().total).toBe(0);
  });

  it('is refused with 403 without the custom header, and the error hides the authorization', async () => {
    const agent = keep(await gated());
    const config = agentConfig({ connection: { url: agent.url, authorization: 'Bearer {{env.AGENT_TOKEN}}', init } }, { env });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket');
    expect(error.message).toContain('403');
  });

  it('accepts init given as a string holding JSON, as pasted from a web form', async () => {
    const agent = keep(await gated());
    const config = agentConfig(
      { connection: { url: agent.url, authorization: `Bearer ${SECRET}`, headers: { 'X-Tenant': 'acme' }, init: JSON.stringify(init) } },
    );
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('hi'), 5_000, 'reply')).text).toBe('Hi! How can I help?');
    expect(agent.received()[0]![0]).toEqual(init);
  });
});

describe('pattern 3: HTTP-first with session provisioning', () => {
  it('provisions a session on the http-first demo agent and talks on the socket it returned', async () => {
    const agent: DemoAgent = keep(await startDemoAgent({ profile: 'http-first' }));
    const config = agentConfig(
      {
        connection: {
          mode: 'http-first',
          authorization: 'Bearer {{setup.data.token}}',
          setup: {
            url: agent.url,
            method: 'POST',
            body: { channel: 'web', language: 'en' },
            headers: { Authorization: 'Bearer {{env.API_TOKEN}}' },
            websocketUrlPath: 'data.websocket_url',
          },
        },
        handshake: { readyType: 'session_ready', timeoutSeconds: 3 },
      },
      { env: { API_TOKEN: DEMO_API_TOKEN } },
    );
    const turns: string[] = [];
    const convo = await within(pool.connect(config, { onAgentTurn: (turn) => turns.push(turn.text) }), 8_000, 'connect');
    const reply = await within(convo.send('What are your prices?'), 8_000, 'reply');
    expect(reply.text).toBe('Our basic plan costs $10 a month.');
    expect(turns).toEqual(['Welcome! Ask me anything.', 'Our basic plan costs $10 a month.']);
    const { timings } = convo.stats;
    expect(timings.setupMs).toEqual(expect.any(Number));
    expect(timings.connectMs).toEqual(expect.any(Number));
    expect(timings.handshakeMs).toEqual(expect.any(Number));
  });

  describe('with a recording setup server', () => {
    let ws: ScriptedAgent;
    let http: TestHttpServer;
    const upgrades: IncomingMessage['headers'][] = [];
    const wsToken = 'ws-only-token-123';

    async function start(answer: (agentUrl: string) => unknown): Promise<void> {
      upgrades.length = 0;
      ws = keep(
        await startScriptedAgent(
          (socket) => {
            socket.on('message', (data) => {
              const frame = JSON.parse(data.toString()) as { type?: string; text?: string };
              if (frame.type === 'message') say(socket, `got ${frame.text}`);
            });
          },
          {
            verifyUpgrade: (request) => {
              upgrades.push(request.headers);
              return request.headers.authorization === `Bearer ${wsToken}` ? null : 401;
            },
          },
        ),
      );
      http = keep(await startHttpServer((_request, res) => sendJson(res, 201, answer(ws.url))));
    }

    it('sends the setup request with its own headers and body, and a separate WebSocket authorization', async () => {
      await start((url) => ({ data: { websocket_url: url, token: wsToken, port: 7 } }));
      const config = agentConfig(
        {
          connection: {
            mode: 'http-first',
            authorization: 'Bearer {{setup.data.token}}',
            headers: { 'X-Session-Port': '{{setup.data.port}}' },
            init: { hello: '{{setup.data.token}}', port: '{{setup.data.port}}' },
            setup: {
              url: `${http.url}/v1/sessions?case={{case.id}}`,
              body: '{"channel":"web","language":"en"}',
              headers: { Authorization: `Bearer ${SECRET}`, 'X-Api-Version': '2' },
              websocketUrlPath: 'data.websocket_url',
            },
          },
        },
      );
      const convo = await within(pool.connect(config), 5_000, 'connect');
      expect((await within(convo.send('ping'), 5_000, 'reply')).text).toBe('got ping');

      expect(http.requests).toHaveLength(1);
      const [request] = http.requests;
      expect(request).toMatchObject({ method: 'POST', url: '/v1/sessions?case=adhoc' });
      expect(JSON.parse(request!.body)).toEqual({ channel: 'web', language: 'en' });
      expect(request!.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(request!.headers['x-api-version']).toBe('2');
      expect(request!.headers['content-type']).toMatch(/^application\/json/);

      // The WebSocket carries its own credential, never the setup API's.
      expect(upgrades).toHaveLength(1);
      expect(upgrades[0]!.authorization).toBe(`Bearer ${wsToken}`);
      expect(upgrades[0]!['x-api-version']).toBeUndefined();
      expect(upgrades[0]!['x-session-port']).toBe('7');
      // A whole-string {{setup.x}} keeps its JSON type in the init.
      expect(ws.received[0]).toEqual({ hello: wsToken, port: 7 });
      expect(typeof convo.stats.timings.setupMs).toBe('number');
    });

    it('uses the method from the config, without a body for GET', async () => {
      await start((url) => ({ data: { websocket_url: url, token: wsToken } }));
      const config = agentConfig({
        connection: {
          mode: 'http-first',
          authorization: 'Bearer {{setup.data.token}}',
          setup: { url: `${http.url}/session`, method: 'get', websocketUrlPath: 'data.websocket_url' },
        },
      });
      await within(pool.connect(config), 5_000, 'connect');
      expect(http.requests[0]).toMatchObject({ method: 'GET', url: '/session', body: '' });
    });
  });
});

describe('pattern 4: custom message format', () => {
  /** Speaks `{event, payload:{text}}`, with typing events and an empty agent_message around the answer. */
  async function customAgent(): Promise<ScriptedAgent> {
    return keep(
      await startScriptedAgent((socket) => {
        socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { event?: string; payload?: { text?: string } };
          if (frame.event !== 'user_message') return;
          socket.send(JSON.stringify({ event: 'agent_typing' }));
          socket.send(JSON.stringify({ event: 'agent_message', payload: {} }));
          socket.send(JSON.stringify({ event: 'agent_message', payload: { text: `You said: ${frame.payload?.text}` } }));
          socket.send(JSON.stringify({ event: 'agent_message', payload: { text: 'Anything else?' } }));
        });
      }),
    );
  }

  it('sends through a nested template and reads a nested text path by event type', async () => {
    const agent = await customAgent();
    const config = agentConfig({
      connection: { url: agent.url },
      messages: {
        sendTemplate: { event: 'user_message', payload: { text: '{{message}}' } },
        typePath: 'event',
        textTypes: ['agent_message'],
        textPath: 'payload.text',
      },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const reply = await within(convo.send('Where is my order?'), 5_000, 'reply');
    expect(reply.messages).toEqual(['You said: Where is my order?', 'Anything else?']);
    expect(agent.received).toEqual([{ event: 'user_message', payload: { text: 'Where is my order?' } }]);
    expect(convo.stats.dropped).toEqual({ ...emptyDrops(), type: 1, noText: 1 });
  });

  it('takes the template as a string holding JSON and textTypes as a single string', async () => {
    const agent = await customAgent();
    const config = agentConfig({
      connection: { url: agent.url },
      messages: {
        sendTemplate: '{"event":"user_message","payload":{"text":"{{message}}","lang":"en"}}',
        typePath: 'event',
        textTypes: 'agent_message',
        textPath: 'payload.text',
      },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const reply = await within(convo.send('x'), 5_000, 'reply');
    expect(reply.messages).toEqual(['You said: x', 'Anything else?']);
    expect(agent.received).toEqual([{ event: 'user_message', payload: { text: 'x', lang: 'en' } }]);
  });
});

describe('template safety on the wire', () => {
  const texts = [
    'He said "hi" and \'bye\'',
    'C:\\path\\to\\file \\" \\u0041',
    'line 1\nline 2\r\n\ttabbed',
    'emoji 😀👍🏽 and 👩‍👩‍👧, accents é ñ, CJK 漢字',
    'a literal {{message}} and {{ message }} and {{simulation.id}}',
    '"}, "type": "injected", "x": {"',
  ];

  async function echoRaw(): Promise<ScriptedAgent> {
    // Echoes the received frame's text back as its reply, so the test can also check the way back.
    return keep(
      await startScriptedAgent((socket) => {
        socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { text?: string; payload?: { text?: string } };
          say(socket, frame.text ?? frame.payload?.text ?? 'missing');
        });
      }),
    );
  }

  it('delivers quotes, backslashes, newlines, emoji and a literal {{message}} exactly (default template)', async () => {
    const agent = await echoRaw();
    const convo = await within(pool.connect(agentConfig({ connection: { url: agent.url } })), 5_000, 'connect');
    for (const text of texts) {
      const reply = await within(convo.send(text), 5_000, 'reply');
      expect(reply.text).toBe(text);
    }
    expect(agent.received).toEqual(texts.map((text) => ({ type: 'message', text })));
  });

  it('delivers them exactly inside a nested template with fixed fields around the text', async () => {
    const agent = await echoRaw();
    const config = agentConfig({
      connection: { url: agent.url },
      messages: { sendTemplate: { event: 'user', payload: { text: '{{message}}', sid: '{{simulation.id}}' } } },
    });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    for (const text of texts) await within(convo.send(text), 5_000, 'reply');
    expect(agent.received).toEqual(texts.map((text) => ({ event: 'user', payload: { text, sid: convo.id } })));
  });
});

describe('inbound classification on the wire', () => {
  it('counts each dropped frame under its class and keeps only the text', async () => {
    const agent = keep(
      await startScriptedAgent((socket) => {
        socket.on('message', () => {
          socket.send(Buffer.from(JSON.stringify({ type: 'message', dir: 'out', text: 'binary' })), { binary: true });
          socket.send('not json {');
          socket.send(JSON.stringify({ type: 'message', dir: 'in', text: 'echo' }));
          socket.send(JSON.stringify({ type: 'message', text: 'no direction' }));
          socket.send(JSON.stringify({ type: 'typing', dir: 'out' }));
          socket.send(JSON.stringify({ type: 'message', dir: 'out', text: '' }));
          socket.send(JSON.stringify({ type: 'message', dir: 'out', text: 'real' }));
        });
      }),
    );
    const config = agentConfig({ connection: { url: agent.url }, messages: { directionPath: 'dir', outboundDirection: 'out' } });
    const classes: string[] = [];
    const convo = await within(pool.connect(config, { onFrame: (frame) => classes.push(...frame.messages.map((m) => m.class)) }), 5_000, 'connect');
    const reply = await within(convo.send('go'), 5_000, 'reply');
    expect(reply.messages).toEqual(['real']);
    expect(classes).toEqual(['binary', 'invalidJson', 'direction', 'direction', 'type', 'noText', 'text']);
    expect(convo.stats.dropped).toEqual({ ...emptyDrops(), binary: 1, invalidJson: 1, direction: 2, type: 1, noText: 1 });
  });
});
