import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedAgent {
  url: string;
  port: number;
  server: Server;
  wss: WebSocketServer;
  /** Every parsed text frame received, across connections, in order. */
  received: unknown[];
  close(): Promise<void>;
}

export type ConnectionScript = (ws: WebSocket, request: IncomingMessage) => void;

/**
 * A WebSocket agent on 127.0.0.1 with an ephemeral port, whose behaviour per connection is the
 * test's script. close() terminates every client and releases the port.
 */
export async function startScriptedAgent(
  script: ConnectionScript,
  options: { verifyUpgrade?: (request: IncomingMessage) => number | null } = {},
): Promise<ScriptedAgent> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sockets = new Set<Socket>();
  const received: unknown[] = [];
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, socket, head) => {
    const refusal = options.verifyUpgrade?.(request) ?? null;
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        try {
          received.push(JSON.parse(data.toString()));
        } catch {
          received.push(data.toString());
        }
      });
      script(ws, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    port,
    server,
    wss,
    received,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Replies to each `{type:'message', text}` with the given frames (or their function of the text). */
export function echoScript(reply: (text: string) => unknown[] = (text) => [{ type: 'message', text: `echo: ${text}` }]): ConnectionScript {
  return (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type?: string; text?: string };
      if (frame.type !== 'message' || typeof frame.text !== 'string') return;
      for (const out of reply(frame.text)) ws.send(typeof out === 'string' ? out : JSON.stringify(out));
    });
  };
}

