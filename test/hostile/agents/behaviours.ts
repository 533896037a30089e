/**
 * What each hostile agent does with its connection. Every agent but `never-ready` first sends
 * `{type:"ready"}` (a dropped `type` frame when the config has no readyType), and every good reply
 * is `{type:"message", text:"echo: <user text>"}`. Faults that take several turns behave on the
 * second user message, so the first turn proves earlier turns survive the fault.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export interface WsBehaviour {
  /** false: the server never answers pings (for the keepalive fault). */
  autoPong?: boolean;
  run(ws: WebSocket, socket: Socket, request: IncomingMessage): void;
}

/** Size of the frame the `oversized` agent sends: above any maxPayload the tests configure. */
export const OVERSIZED_BYTES = 256 * 1024;

const ready = (ws: WebSocket) => ws.send(JSON.stringify({ type: 'ready' }));
const say = (ws: WebSocket, text: string) => ws.send(JSON.stringify({ type: 'message', text }));

/** Calls `onUser(text, n)` for the n-th user message (from 1). */
function onUserMessage(ws: WebSocket, onUser: (text: string, n: number) => void): void {
  let n = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let frame: { type?: unknown; text?: unknown };
    try {
      frame = JSON.parse(data.toString()) as typeof frame;
    } catch {
      return;
    }
    if (frame.type === 'message' && typeof frame.text === 'string') onUser(frame.text, ++n);
  });
}

/** Runs `tick` every `ms` until the connection ends, so no agent timer outlives its socket. */
function every(ws: WebSocket, ms: number, tick: () => void): void {
  const timer = setInterval(tick, ms);
  ws.once('close', () => clearInterval(timer));
}

/** Answers each user message from the second on with `fault`, after a normal first turn. */
function faultOnSecondTurn(fault: (ws: WebSocket, socket: Socket) => void): WsBehaviour {
  return {
    run: (ws, socket) => {
      ready(ws);
      onUserMessage(ws, (text, n) => {
        if (n === 1) return say(ws, `echo: ${text}`);
        fault(ws, socket);
      });
    },
  };
}

export const WS_BEHAVIOURS = {
  /** Ready, then one echo per user message. */
  good: {
    run: (ws) => {
      ready(ws);
      onUserMessage(ws, (text) => say(ws, `echo: ${text}`));
    },
  },
  /** Opens the socket and never says it is ready (nor anything else). */
  'never-ready': {
    run: () => undefined,
  },
  /** Ready, then never replies. */
  mute: {
    run: (ws) => ready(ws),
  },
  /** Surrounds each echo with a non-JSON frame, a binary frame, a typing event and a textless message. */
  junk: {
    run: (ws) => {
      ready(ws);
      onUserMessage(ws, (text) => {
        ws.send('this is {not JSON');
        ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
        ws.send(JSON.stringify({ type: 'typing' }));
        ws.send(JSON.stringify({ type: 'message' }));
        say(ws, `echo: ${text}`);
      });
    },
  },
  /** Answers every user message with a message every 20 ms that never stops. */
  flood: {
    run: (ws) => {
      ready(ws);
      let started = false;
      onUserMessage(ws, () => {
        if (started) return;
        started = true;
        let n = 0;
        every(ws, 20, () => say(ws, `tick ${++n}`));
      });
    },
  },
  /** Second turn: one message, then at once a 1011 close, while the reply is still being collected. */
  'close-mid-turn': faultOnSecondTurn((ws) => {
    say(ws, 'partial');
    ws.close(1011, 'internal error');
  }),
  /**
   * Second turn: one message, then 30 ms later a TCP reset (RST, no close frame). The pause lets
   * the message be read before the RST; the client's quiet period must be longer than it.
   */
  'reset-mid-turn': faultOnSecondTurn((ws, socket) => {
    say(ws, 'partial');
    setTimeout(() => socket.resetAndDestroy(), 30);
  }),
  /** Second turn: one frame far beyond the client's maxPayload. */
  oversized: faultOnSecondTurn((ws) => say(ws, 'x'.repeat(OVERSIZED_BYTES))),
  /** Never answers pings; replies to the first user message, then stays silent. */
  'no-pong': {
    autoPong: false,
    run: (ws) => {
      ready(ws);
      onUserMessage(ws, (text, n) => {
        if (n === 1) say(ws, `echo: ${text}`);
      });
    },
  },
  /**
   * Hostile to secrets: on the first user message, closes with a reason that quotes the
   * credentials it was sent (Authorization and X-Session-Token), as a careless server might.
   */
  'close-with-secret': {
    run: (ws, _socket, request) => {
      ready(ws);
      onUserMessage(ws, () => {
        const quoted = [request.headers.authorization, request.headers['x-session-token']].filter(Boolean).join(' ');
        // A close reason holds at most 123 bytes.
        ws.close(1008, `rejected ${quoted}`.slice(0, 123));
      });
    },
  },
  /**
   * Healthy but slow: replies after {@link SLOW_REPLY_MS}, and on the first ping blocks this whole
   * process for {@link STALL_MS} (the pong already queued), the way a long GC pause or a busy
   * callback stalls a real client. A stall is not a lost connection.
   */
  'stall-on-ping': {
    run: (ws) => {
      ready(ws);
      ws.once('ping', () => {
        const until = performance.now() + STALL_MS;
        while (performance.now() < until) {
          // busy: nothing else in this process runs
        }
      });
      onUserMessage(ws, (text) => {
        const timer = setTimeout(() => say(ws, `echo: ${text}`), SLOW_REPLY_MS);
        ws.once('close', () => clearTimeout(timer));
      });
    },
  },
} satisfies Record<string, WsBehaviour>;

export const STALL_MS = 300;
export const SLOW_REPLY_MS = 600;

export type WsBehaviourName = keyof typeof WS_BEHAVIOURS;

const answer = (status: string) => (socket: Socket) =>
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nno`);

/** Agents that never get as far as a WebSocket: they answer (or not) the HTTP upgrade request. */
export const UPGRADE_FAULTS = {
  /** TCP accepted, the upgrade request read, and never an answer. */
  'silent-upgrade': (socket: Socket) => {
    // The http server leaves an upgraded socket half-open: when the client hangs up, hang up too,
    // so an open socket here means the client never did.
    socket.on('end', () => socket.end());
  },
  'status-401': answer('401 Unauthorized'),
  'status-403': answer('403 Forbidden'),
  'status-500': answer('500 Internal Server Error'),
  /** Says 101 but with a wrong Sec-WebSocket-Accept, as a confused proxy might. */
  'bad-accept': (socket: Socket) => {
    socket.on('end', () => socket.end());
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bogus\r\n\r\n');
  },
  /** A redirect on the upgrade: the client must not follow it. */
  'status-302': (socket: Socket) =>
    socket.end('HTTP/1.1 302 Found\r\nLocation: /good/redirected\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
} satisfies Record<string, (socket: Socket) => void>;
