/**
 * Amazon Connect chat (participant service), config only (README), against a test server speaking
 * its documented wire protocol: CreateParticipantConnection over HTTP (`X-Amz-Bearer` participant
 * token) answers the WebSocket URL and a connection token; on the socket `aws/subscribe` to
 * `aws/chat` is acknowledged, `aws/heartbeat` is answered; SendMessage is an HTTP POST
 * (`X-Amz-Bearer` connection token) whose reply comes on the socket as `aws/chat`, whose `content`
 * is a JSON document in a string. Our own messages come back too (ParticipantRole CUSTOMER).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { agentConfig, useConversationCleanup } from '../helpers/conv-configs.js';
import { rejection } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();
const PARTICIPANT_TOKEN = 'participant-token-123';

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function startConnect(options: { sendStatus: number }) {
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const connectionToken = randomUUID();
  const heartbeats: number[] = [];
  const frames: unknown[] = [];
  const requests: { path: string; bearer: string | undefined; body: Record<string, unknown> }[] = [];
  let socket: WebSocket | null = null;
  const event = (role: string, text: string) =>
    socket?.send(
      JSON.stringify({
        topic: 'aws/chat',
        contentType: 'application/json',
        content: JSON.stringify({ Type: 'MESSAGE', ContentType: 'text/plain', Content: text, ParticipantRole: role, Id: randomUUID() }),
      }),
    );
  http.on('request', async (req, res) => {
    const request = { path: req.url ?? '', bearer: req.headers['x-amz-bearer'] as string | undefined, body: await body(req) };
    requests.push(request);
    const { port } = http.address() as AddressInfo;
    if (request.path === '/participant/connection' && request.bearer === PARTICIPANT_TOKEN) {
      return json(res, 200, {
        ConnectionCredentials: { ConnectionToken: connectionToken, Expiry: '2099-01-01T00:00:00Z' },
        Websocket: { Url: `ws://127.0.0.1:${port}/connect?X-Amz-Security-Token=abc`, ConnectionExpiry: '2099-01-01T00:00:00Z' },
      });
    }
    if (request.path === '/participant/message' && request.bearer === connectionToken) {
      if (options.sendStatus !== 200) return json(res, options.sendStatus, { Message: 'Internal failure' });
      json(res, 200, { Id: randomUUID(), AbsoluteTime: new Date().toISOString() });
      const text = String(request.body.Content);
      event('CUSTOMER', text);
      setTimeout(() => event('AGENT', `Agent: ${text}`), 10);
      return;
    }
    json(res, 403, { Message: 'Access denied' });
  });
  http.on('upgrade', (req, raw, head) =>
    wss.handleUpgrade(req, raw, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { topic: string };
        frames.push(frame);
        if (frame.topic === 'aws/subscribe') ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } }));
        if (frame.topic === 'aws/heartbeat') {
          heartbeats.push(Date.now());
          ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
        }
      });
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return keep({
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    requests,
    frames,
    heartbeats,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  });
}

/** The README's Amazon Connect config (with the participant service at `base`). */
const connectConfig = (base: string, keepaliveSeconds = 15) =>
  agentConfig(
    {
      connection: {
        mode: 'http-first',
        setup: {
          url: `${base}/participant/connection`,
          headers: { 'X-Amz-Bearer': '{{env.PARTICIPANT_TOKEN}}' },
          body: { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true },
          websocketUrlPath: 'Websocket.Url',
        },
        keepaliveSeconds,
        keepaliveMessage: { topic: 'aws/heartbeat' },
      },
      handshake: {
        steps: [{ send: { topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }, await: { path: 'content.status', equals: 'success' } }],
      },
      messages: {
        sendVia: { url: `${base}/participant/message`, headers: { 'X-Amz-Bearer': '{{setup.ConnectionCredentials.ConnectionToken}}' } },
        sendTemplate: { ContentType: 'text/plain', Content: '{{message}}', ClientToken: '{{message.id}}' },
        decode: ['content'],
        typePath: 'content.Type',
        textTypes: ['MESSAGE'],
        textPath: 'content.Content',
        directionPath: 'content.ParticipantRole',
        outboundDirection: ['AGENT', 'SYSTEM'],
      },
    },
    { env: { PARTICIPANT_TOKEN } },
  );

describe('Amazon Connect participant service', () => {
  it('connects over HTTP, subscribes, heartbeats, and sends by SendMessage', async () => {
    const connect = await startConnect({ sendStatus: 200 });
    const convo = await within(pool.connect(connectConfig(connect.url, 0.05)), 5_000, 'connect');
    const reply = await within(convo.send('Where is my order?'), 5_000, 'reply');
    // `content` decoded: the agent's text, our own CUSTOMER echo dropped by direction.
    expect(reply.messages).toEqual(['Agent: Where is my order?']);
    expect(convo.stats.dropped.direction).toBeGreaterThanOrEqual(1); // the echo, and heartbeats (no role)
    expect(connect.frames[0]).toEqual({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    await expect.poll(() => connect.heartbeats.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const send = connect.requests.find((r) => r.path === '/participant/message')!;
    expect(send.body).toMatchObject({ ContentType: 'text/plain', Content: 'Where is my order?' });
    expect(send.body.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(connect.requests[0]).toMatchObject({ bearer: PARTICIPANT_TOKEN, body: { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true } });
  });

  it('a SendMessage that fails with 500 is send-failed', async () => {
    const connect = await startConnect({ sendStatus: 500 });
    const convo = await within(pool.connect(connectConfig(connect.url)), 5_000, 'connect');
    const error = await rejection(convo.send('Hello'), 5_000, 'send');
    expect(error.code).toBe('send-failed');
    expect(error.message).toMatch(/^Failed to send message: POST http:\/\/127\.0\.0\.1:\d+\/participant\/message: HTTP 500/);
  });
});
