/**
 * The framing layer (README "Frame formats") on real sockets on 127.0.0.1: what each framing does when the
 * agent closes inside it, refuses its handshake or sends what it cannot read, `binaryFrames:
 * text`, and a user's codec module. The examples' happy paths are in framing-examples.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import sockjs from 'sockjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import type { AgentConfig } from '../../src/config/types.js';
import { runTestSet } from '../../src/engine/run.js';
import { probeSession } from '../../src/probe/session.js';
import { agentConfig, useConversationCleanup } from '../helpers/conv-configs.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();
const RS = '\u001e';
const CODEC = resolve('test/fixtures/codecs/lines.mjs');

/** A ws server on 127.0.0.1 whose every connection runs `speak`. */
async function wsServer(speak: (ws: WebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((done) => wss.once('listening', done));
  wss.on('connection', speak);
  keep({ close: () => new Promise<void>((done) => {
    for (const client of wss.clients) client.terminate();
    wss.close(() => done());
  }) });
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
}

/** Answers each `{type:'message', text}` with one `{type:'message', text: 'echo: …'}` through `send`. */
function echoOf(value: unknown): string | undefined {
  const text = (value as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? `echo: ${text}` : undefined;
}

async function run(config: AgentConfig, turns: string[]): Promise<SimulationResult> {
  const results: SimulationResult[] = [];
  await within(runTestSet(config, parseTestSet({ cases: [{ id: 'case', turns }] }), { onResult: (r) => results.push(r) }), 15_000, 'run');
  return results[0]!;
}

describe('sockjs', () => {
  it('c[code,"reason"] from the real sockjs server ends the case as agent-closed with that code and reason', async () => {
    const http = createServer();
    const server = sockjs.createServer({ log: () => undefined });
    server.on('connection', (conn: sockjs.Connection | null) => {
      conn?.on('data', (message: string) => {
        const text = (JSON.parse(message) as { text: string }).text;
        if (text === 'bye') conn.close('3000', 'Go away!');
        else conn.write(JSON.stringify({ type: 'message', text: `echo: ${text}` }));
      });
    });
    server.installHandlers(http, { prefix: '/chat' });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    keep({ close: () => new Promise<void>((done) => http.close(() => done())) });
    http.on('connection', (socket) => keep({ close: async () => void socket.destroy() }));
    const port = (http.address() as AddressInfo).port;
    const config = agentConfig({ connection: { url: `ws://127.0.0.1:${port}/chat/1/{{simulation.id}}/websocket`, framing: 'sockjs' } });
    const result = await run(config, ['hi', 'bye', 'never sent']);
    expect(result.transcript[1]).toMatchObject({ role: 'agent', text: 'echo: hi' });
    // sockjs-node writes the code as it was given: a string here, as its typings ask for.
    expect(result.error).toMatchObject({ code: 'agent-closed', message: expect.stringContaining('(code 3000: Go away!)') });
    expect(result.dropped.protocol).toBeGreaterThanOrEqual(1);
  });

  it('counts a frame it cannot read as invalidFrame, keeps reading, and the probe says why', async () => {
    const url = await wsServer((ws) => {
      ws.send('o');
      ws.on('message', (data) => {
        const [inner] = JSON.parse(String(data)) as string[];
        ws.send('not sockjs at all');
        ws.send('a{"oops":1}');
        ws.send(`a${JSON.stringify([JSON.stringify({ type: 'message', text: echoOf(JSON.parse(inner!)) })])}`);
      });
    });
    const config = agentConfig({ connection: { url, framing: 'sockjs' } });
    const result = await run(config, ['hi']);
    expect(result).toMatchObject({ verdict: 'passed', transcript: [{ role: 'user' }, { role: 'agent', text: 'echo: hi' }] });
    expect(result.dropped).toMatchObject({ protocol: 1, invalidFrame: 2 });

    const lines: string[] = [];
    await within(probeSession(config, { message: 'hi', write: (line) => lines.push(line) }), 15_000, 'probe');
    const out = lines.join('\n');
    expect(out).toMatch(/invalidFrame not sockjs at all\n {6}why: not a SockJS frame \(o, h, a\[…\] or c\[…\]\)/);
    expect(out).toMatch(/why: a SockJS a\[…\] frame that is not a JSON list of strings/);
    expect(out).toMatch(/dropped: invalidFrame 2, protocol 1/);
  });
});

describe('signalr', () => {
  /** A hub that answers the handshake with `handshake`, then echoes invocations as ReceiveMessage. */
  const hub = (handshake: unknown, after: (ws: WebSocket) => void = () => undefined) =>
    wsServer((ws) => {
      let first = true;
      ws.on('message', (data) => {
        for (const record of String(data).split(RS).filter(Boolean)) {
          const value = JSON.parse(record) as { type?: number; arguments?: string[] };
          if (first) {
            first = false;
            ws.send(`${JSON.stringify(handshake)}${RS}`);
            after(ws);
          } else if (value.type === 1) {
            ws.send(`${JSON.stringify({ type: 1, target: 'ReceiveMessage', arguments: ['bot', `echo: ${value.arguments![0]}`] })}${RS}`);
          }
        }
      });
    });
  const messages = { sendTemplate: { type: 1, target: 'SendMessage', arguments: ['{{message}}'] }, typePath: 'target', textTypes: ['ReceiveMessage'], textPath: 'arguments.1' };
  const signalr = (url: string) => agentConfig({ connection: { url, framing: 'signalr' }, messages });

  it('a handshake response with an error is connect-failed quoting it', async () => {
    const url = await hub({ error: "Requested protocol 'json' is not available." });
    const result = await run(signalr(url), ['hi']);
    expect(result.error).toMatchObject({ code: 'connect-failed', message: expect.stringContaining("SignalR handshake refused: Requested protocol 'json' is not available.") });
    expect(result.transcript).toEqual([]);
  });

  it('waits for the handshake response before init, answers pings, and a close record is agent-closed quoting its error', async () => {
    const received: unknown[] = [];
    const url = await wsServer((ws) => {
      ws.on('message', (data) => {
        for (const record of String(data).split(RS).filter(Boolean)) {
          const value = JSON.parse(record) as { type?: number; target?: string; arguments?: string[] };
          received.push(value);
          if (received.length === 1) {
            // The handshake response comes late: nothing else may have been sent meanwhile.
            setTimeout(() => ws.send(`{}${RS}{"type":6}${RS}`), 100);
          } else if (value.type === 1 && value.arguments![0] === 'bye') {
            ws.send(`${JSON.stringify({ type: 7, error: 'Server is shutting down' })}${RS}`);
          } else if (value.target === 'SendMessage') {
            ws.send(`${JSON.stringify({ type: 1, target: 'ReceiveMessage', arguments: ['bot', `echo: ${value.arguments![0]}`] })}${RS}`);
          }
        }
      });
    });
    const config = agentConfig({ connection: { url, framing: 'signalr', init: { type: 1, target: 'Join', arguments: ['room'] } }, messages });
    const result = await run(config, ['hi', 'bye']);
    expect(result.transcript[1]).toMatchObject({ text: 'echo: hi' });
    expect(result.error).toMatchObject({ code: 'agent-closed', message: expect.stringContaining('SignalR close: Server is shutting down') });
    expect(received.slice(0, 2)).toEqual([{ protocol: 'json', version: 1 }, { type: 1, target: 'Join', arguments: ['room'] }]);
    expect(received).toContainEqual({ type: 6 });
    expect(result.dropped.protocol).toBe(2);
  });
});

describe('binary frames', () => {
  it('binaryFrames: text reads UTF-8 JSON in binary frames; drop counts them as binary', async () => {
    const url = await wsServer((ws) => ws.on('message', (data) => ws.send(Buffer.from(JSON.stringify({ type: 'message', text: echoOf(JSON.parse(String(data))) })), { binary: true })));
    const asText = await run(agentConfig({ connection: { url, binaryFrames: 'text' } }), ['héllo']);
    expect(asText).toMatchObject({ verdict: 'passed', transcript: [{}, { text: 'echo: héllo' }] });
    const dropped = await run(agentConfig({ connection: { url }, responseTimeoutSeconds: 0.5 }), ['hi']);
    expect(dropped.error?.code).toBe('response-timeout');
    expect(dropped.dropped.binary).toBe(1);
  });

  it('msgpack: a text frame or bytes that are not MessagePack are invalidFrame', async () => {
    const url = await wsServer((ws) => ws.on('message', () => {
      ws.send('{"type":"message","text":"as text"}');
      ws.send(Buffer.from([0xc1]), { binary: true });
    }));
    const result = await run(agentConfig({ connection: { url, framing: 'msgpack' }, responseTimeoutSeconds: 0.5 }), ['hi']);
    expect(result.dropped.invalidFrame).toBe(2);
  });
});

describe('codec', () => {
  it("runs the user's module both ways; a decode that throws is invalidFrame, an encode that throws is send-failed", async () => {
    const sent: string[] = [];
    const url = await wsServer((ws) =>
      ws.on('message', (data) => {
        sent.push(String(data));
        ws.send('no bar here');
        ws.send(`typing|\nmessage|${String(data).split('|')[1]} back`);
      }),
    );
    const config = agentConfig({ connection: { url, codec: CODEC }, messages: { textTypes: ['message'] } });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('hi'), 5_000, 'reply')).text).toBe('hi back');
    expect(sent).toEqual(['message|hi']);
    expect(convo.stats.dropped).toMatchObject({ invalidFrame: 1, type: 1 });

    const failed = await run(config, ['refuse to encode']);
    expect(failed.error).toMatchObject({ code: 'send-failed', message: expect.stringContaining('this codec refuses that text') });
  });
});
