/**
 * `protocol: socket.io` (README "Connecting to your agent") against the real `socket.io` server library on 127.0.0.1:
 * events in and out as `{event, data, args}`, the namespace from the URL's path, socketioPath,
 * headers on the handshake, and each way it ends — the agent disconnecting, the transport dropping
 * (connection-lost: reconnection is off), a refused connection.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { runTestSet } from '../../src/engine/run.js';
import { parseTestSet } from '../../src/config/load.js';
import { agentConfig, expectCleanMessage, SECRET, useConversationCleanup } from '../helpers/conv-configs.js';
import { refusedPort, rejection } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();

interface TestServer {
  url: string;
  io: Server;
  /** Every event the server got: [namespace, event, ...args]. */
  events: unknown[][];
  close(): Promise<void>;
}

async function startServer(path: string, onSocket: (socket: Socket) => void, namespace = '/'): Promise<TestServer> {
  const http: HttpServer = createServer();
  const io = new Server(http, { path, serveClient: false });
  const events: unknown[][] = [];
  io.of(namespace).on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => events.push([namespace, event, ...args]));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return keep({
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io,
    events,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  });
}

const rasa = (socket: Socket) => {
  socket.on('session_request', (data: { session_id: string }) => socket.emit('session_confirm', data.session_id));
  socket.on('user_uttered', (data: { message: string }) => {
    socket.emit('bot_uttered', { text: `first: ${data.message}` });
    setTimeout(() => socket.emit('bot_uttered', { text: 'second' }, 'extra'), 20);
    socket.emit('typing', true);
  });
};

const rasaConfig = (url: string, extra: Record<string, unknown> = {}, timeoutSeconds = 5) =>
  agentConfig({
    connection: { protocol: 'socket.io', url, headers: { 'X-Api-Key': SECRET }, ...extra },
    handshake: {
      timeoutSeconds,
      steps: [{ send: { event: 'session_request', data: { session_id: '{{simulation.id}}' } }, await: { path: 'event', equals: 'session_confirm' } }],
    },
    messages: { sendTemplate: { event: 'user_uttered', data: { message: '{{message}}' } }, typePath: 'event', textTypes: ['bot_uttered'], textPath: 'data.text' },
    // Ten times the 20 ms between the test agents' bot_uttered events, so a loaded machine that
    // stalls between them does not split the reply.
    coalesceSeconds: 0.3,
  });

describe('protocol socket.io', () => {
  it('speaks events both ways, coalesces bot_uttered events and drops the others', async () => {
    let headers: Record<string, unknown> = {};
    const server = await startServer('/socket.io', (socket) => {
      headers = socket.handshake.headers;
      rasa(socket);
    });
    const convo = await within(pool.connect(rasaConfig(server.url)), 5_000, 'connect');
    const reply = await within(convo.send('He said "hi"\n'), 5_000, 'reply');
    expect(reply.messages).toEqual(['first: He said "hi"\n', 'second']);
    expect(server.events).toEqual([
      ['/', 'session_request', { session_id: convo.id }],
      ['/', 'user_uttered', { message: 'He said "hi"\n' }],
    ]);
    expect(headers['x-api-key']).toBe(SECRET);
    expect(convo.stats.dropped.type).toBe(1); // the typing event
  });

  it('reads the namespace from the URL path and takes socketioPath, with a ws:// URL too', async () => {
    const server = await startServer('/rasa.io', rasa, '/chat');
    const url = `${server.url.replace('http', 'ws')}/chat`;
    const convo = await within(pool.connect(rasaConfig(url, { socketioPath: '/rasa.io' })), 5_000, 'connect');
    expect((await within(convo.send('Hi'), 5_000, 'reply')).messages[0]).toBe('first: Hi');
    expect(server.events[0]).toEqual(['/chat', 'session_request', { session_id: convo.id }]);
  });

  it('the server dropping the connection is connection-lost (no reconnection)', async () => {
    const server = await startServer('/socket.io', (socket) => {
      socket.on('session_request', (data: { session_id: string }) => socket.emit('session_confirm', data.session_id));
      socket.on('user_uttered', () => socket.conn.close());
    });
    const convo = await within(pool.connect(rasaConfig(server.url)), 5_000, 'connect');
    const error = await rejection(convo.send('Hi'), 5_000, 'send');
    expect(error.code).toBe('connection-lost');
    expectCleanMessage(error.message, 'Connection lost: socket.io transport close');
  });

  it('the server disconnecting the socket ends the conversation as the agent closing it', async () => {
    const server = await startServer('/socket.io', (socket) => {
      rasa(socket);
      socket.on('user_uttered', () => setTimeout(() => socket.disconnect(true), 50));
    });
    const results: { verdict: string; error: { code: string } | null }[] = [];
    const config = rasaConfig(server.url);
    await within(runTestSet(config, parseTestSet({ cases: [{ id: 'a', turns: ['Hi', 'again'] }] }), { onResult: (r) => results.push(r) }), 10_000, 'run');
    expect(results).toMatchObject([{ verdict: 'failed', error: { code: 'agent-closed' } }]);
  });

  it('a refused connection is connect-failed', async () => {
    const url = `http://127.0.0.1:${await refusedPort()}`;
    const error = await rejection(pool.connect(rasaConfig(url)), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, `Failed to connect to WebSocket ${url}: socket.io:`);
  });

  it('a session never confirmed is handshake-timeout naming step 1', async () => {
    const server = await startServer('/socket.io', () => undefined);
    const error = await rejection(pool.connect(rasaConfig(server.url, {}, 0.3)), 5_000, 'connect');
    expect(error.message).toBe('Handshake timeout: step 1 got no frame with event = "session_confirm" within 0.3 s');
  });
});
