/**
 * Action Cable (Rails), config only (README), against a test server speaking its documented wire
 * protocol: subprotocol actioncable-v1-json, `welcome`, pings every few seconds, a `subscribe`
 * command whose identifier is a JSON document inside a JSON string, `confirm_subscription`, then
 * `message` commands whose `data` is again JSON in a string (`$json`), broadcasts back as
 * `{identifier, message}` — the user's own included.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { agentConfig, useConversationCleanup } from '../helpers/conv-configs.js';
import { rejection } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();
const IDENTIFIER = JSON.stringify({ channel: 'ChatChannel' });

interface Command {
  command: string;
  identifier: string;
  data?: string;
}

/** A ChatChannel whose `speak` action broadcasts the text, then the bot's answer. */
async function startCable(options: { confirm: boolean; pingMs: number }) {
  const http = createServer();
  const commands: Command[] = [];
  const wss = new WebSocketServer({
    server: http,
    path: '/cable',
    handleProtocols: (offered) => (offered.has('actioncable-v1-json') ? 'actioncable-v1-json' : false),
  });
  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: unknown) => ws.send(JSON.stringify(frame));
    send({ type: 'welcome' });
    const ping = setInterval(() => send({ type: 'ping', message: Math.floor(Date.now() / 1000) }), options.pingMs);
    ws.on('close', () => clearInterval(ping));
    ws.on('message', (raw) => {
      const command = JSON.parse(String(raw)) as Command;
      commands.push(command);
      if (command.command === 'subscribe' && options.confirm) send({ identifier: command.identifier, type: 'confirm_subscription' });
      if (command.command === 'message') {
        const data = JSON.parse(command.data!) as { action: string; text: string };
        if (data.action !== 'speak') return;
        send({ identifier: command.identifier, message: { role: 'user', text: data.text } });
        send({ identifier: command.identifier, message: { role: 'bot', text: `You said: ${data.text}` } });
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return keep({
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/cable`,
    commands,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  });
}

/** The README's Action Cable config. */
const cableConfig = (url: string, timeoutSeconds = 5) =>
  agentConfig({
    connection: { url, subprotocols: ['actioncable-v1-json', 'actioncable-unsupported'] },
    handshake: {
      timeoutSeconds,
      steps: [
        { await: { path: 'type', equals: 'welcome' } },
        { send: { command: 'subscribe', identifier: { $json: { channel: 'ChatChannel' } } }, await: { path: 'type', equals: 'confirm_subscription' } },
      ],
    },
    messages: {
      sendTemplate: {
        command: 'message',
        identifier: { $json: { channel: 'ChatChannel' } },
        data: { $json: { action: 'speak', text: '{{message}}' } },
      },
      typePath: '',
      textPath: 'message.text',
      directionPath: 'message.role',
      outboundDirection: 'bot',
    },
  });

describe('Action Cable', () => {
  it('subscribes after the welcome, then speaks with the text exact inside the JSON string', async () => {
    const cable = await startCable({ confirm: true, pingMs: 30 });
    const convo = await within(pool.connect(cableConfig(cable.url)), 5_000, 'connect');
    expect(convo.stats.timings.subprotocol).toBe('actioncable-v1-json');
    const text = 'a "quoted"\nline\\ and {{message}}';
    expect((await within(convo.send(text), 5_000, 'reply')).text).toBe(`You said: ${text}`);
    expect(cable.commands).toEqual([
      { command: 'subscribe', identifier: IDENTIFIER },
      { command: 'message', identifier: IDENTIFIER, data: JSON.stringify({ action: 'speak', text }) },
    ]);
    // Pings (no message.role) and the broadcast of our own message are not the bot's.
    expect(convo.stats.dropped.direction).toBeGreaterThanOrEqual(1);
    expect(convo.transcript.filter((turn) => turn.role === 'agent')).toHaveLength(1);
  });

  it('a subscription never confirmed is handshake-timeout naming step 2', async () => {
    const cable = await startCable({ confirm: false, pingMs: 30 });
    const error = await rejection(pool.connect(cableConfig(cable.url, 0.3)), 5_000, 'connect');
    expect(error.message).toBe('Handshake timeout: step 2 got no frame with type = "confirm_subscription" within 0.3 s');
  });
});
