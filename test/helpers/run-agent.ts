import type { WebSocket } from 'ws';
import { startScriptedAgent, type ScriptedAgent } from './scripted-agent.js';
import { waitUntil } from './wait.js';

/** What the agent does with one user message; keyed by the user's text so one run mixes behaviours. */
export type Behaviour = (text: string, peer: Peer) => void;

/** One agent-side connection, with timers that die with it so no test leaves one behind. */
export interface Peer {
  ws: WebSocket;
  /** Sends `{type:'message', text}` frames after `delayMs`, unless the socket closed first. */
  say(delayMs: number, ...texts: string[]): void;
}

/** The one counting agent of the suite: in-process runs, the queue and the CLI's e2e tests use it. */
export interface CountingAgent {
  url: string;
  port: number;
  agent: ScriptedAgent;
  /** Raw TCP connections accepted so far, WebSocket or not: proves nothing connected at all. */
  readonly tcpConnections: number;
  /** Connections open right now, counted server-side. */
  readonly open: number;
  /** Most connections open at once so far. */
  readonly peak: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** The user texts received, in arrival order. */
  readonly texts: string[];
  /** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A scripted agent that counts simultaneous connections server-side: the concurrency cap and
 * "nothing left open" are proven from the agent's side of the wire, not from the engine's word.
 */
export async function startCountingAgent(behaviour: Behaviour, options: { onOpen?: (peer: Peer) => void } = {}): Promise<CountingAgent> {
  let open = 0;
  let peak = 0;
  let accepted = 0;
  const texts: string[] = [];
  const agent = await startScriptedAgent((ws) => {
    open += 1;
    accepted += 1;
    peak = Math.max(peak, open);
    const timers = new Set<NodeJS.Timeout>();
    ws.on('close', () => {
      open -= 1;
      for (const timer of timers) clearTimeout(timer);
    });
    const peer: Peer = {
      ws,
      say(delayMs, ...said) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (ws.readyState !== ws.OPEN) return;
          for (const text of said) ws.send(JSON.stringify({ type: 'message', text }));
        }, delayMs);
        timers.add(timer);
      },
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: { type?: unknown; text?: unknown };
      try {
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        return;
      }
      if (frame.type !== 'message' || typeof frame.text !== 'string') return;
      texts.push(frame.text);
      behaviour(frame.text, peer);
    });
    options.onOpen?.(peer);
  });
  let tcpConnections = 0;
  agent.server.on('connection', () => (tcpConnections += 1));
  return {
    url: agent.url,
    port: agent.port,
    agent,
    get tcpConnections() {
      return tcpConnections;
    },
    get open() {
      return open;
    },
    get peak() {
      return peak;
    },
    get accepted() {
      return accepted;
    },
    texts,
    waitFor: (predicate, timeoutMs, what) => waitUntil(predicate, timeoutMs, what),
    close: () => agent.close(),
  };
}

/** A reply of `ok` after `delayMs` to every message; none at all when null. */
export const replyOkAfter =
  (delayMs: number | null): Behaviour =>
  (_text, peer) => {
    if (delayMs !== null) peer.say(delayMs, 'ok');
  };

/** The default behaviour: a reply that echoes the text after `delayMs`. */
export const echoAfter =
  (delayMs: number): Behaviour =>
  (text, peer) =>
    peer.say(delayMs, `echo: ${text}`);
