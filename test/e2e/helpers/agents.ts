import type { WebSocket } from 'ws';
import { startScriptedAgent, type ConnectionScript, type ScriptedAgent } from '../../helpers/scripted-agent.js';

/** A scripted agent that also counts raw TCP connections, to prove nothing connected at all. */
export interface CountedAgent extends ScriptedAgent {
  readonly tcpConnections: number;
}

export async function startCountedAgent(script: ConnectionScript = () => undefined): Promise<CountedAgent> {
  const agent = await startScriptedAgent(script);
  let tcp = 0;
  agent.server.on('connection', () => (tcp += 1));
  // A getter, not a copied value: the count is read when the test asks.
  return Object.defineProperty(agent, 'tcpConnections', { get: () => tcp }) as CountedAgent;
}

/** Sends JSON frames on a socket after `delayMs`, unless it closed meanwhile. */
export function sendLater(ws: WebSocket, delayMs: number, ...frames: unknown[]): void {
  const timer = setTimeout(() => {
    if (ws.readyState !== ws.OPEN) return;
    for (const frame of frames) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }, delayMs);
  ws.once('close', () => clearTimeout(timer));
}

/** Calls `reply(text, ws)` for each `{type:'message', text}` the agent receives. */
export function onUserMessage(reply: (text: string, ws: WebSocket) => void): ConnectionScript {
  return (ws) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: { type?: unknown; text?: unknown };
      try {
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'message' && typeof frame.text === 'string') reply(frame.text, ws);
    });
  };
}
