import type { WebSocket } from 'ws';
import type { ConnectionScript } from '../../helpers/scripted-agent.js';

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
