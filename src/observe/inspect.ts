/**
 * `--inspect`: streams a run's actors to the Stately inspector (https://stately.ai/inspect).
 *
 * @statelyai/inspect's Node story is a WebSocket relay: `createWebSocketInspector` sends converted
 * inspection events to `ws://…`, and the relay forwards them to a browser page that embeds the
 * inspector UI and hands each event to it by postMessage. Its own relay (`createInspectorServer`)
 * listens on every interface, opens a browser and cannot report an ephemeral port, so Parley runs
 * the same relay protocol itself on 127.0.0.1. The run's events are converted by @statelyai/inspect
 * (`createInspector`) and published to the relay in-process; any other `createWebSocketInspector`
 * client may still send to it, and every connected client receives what the others send.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInspector } from '@statelyai/inspect';
import { WebSocketServer, type WebSocket } from 'ws';
import type { InspectionEvent } from 'xstate';
import { Scrubber } from './scrub.js';

/** The inspector UI the bridge page embeds. */
const INSPECTOR_UI = 'https://stately.ai/inspect';
/**
 * A page opened after the run started still sees every actor and the latest events. Actor
 * registrations carry the machine definition, so they are kept apart and capped separately.
 */
const REPLAY_ACTORS = 2_000;
const REPLAY_EVENTS = 5_000;

export interface InspectorOptions {
  /** Port on 127.0.0.1. @default 0 (any free port; the page finds the relay from its own address) */
  port?: number;
}

export interface Inspector {
  /** Pass as `inspect` to `runTestSet` (or `createActor`). */
  inspect: (event: InspectionEvent) => void;
  /** The page to open: it embeds the Stately inspector and feeds it this run's events. */
  url: string;
  /** Closes the relay and disconnects every page. */
  stop(): Promise<void>;
}

/** The bridge page: relays WebSocket messages into the embedded inspector once it says it is ready. */
function bridgePage(): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Parley · Stately inspector</title>
<style>html,body,iframe{margin:0;padding:0;width:100%;height:100%;border:0}</style>
</head>
<body>
<iframe id="inspector" src="${INSPECTOR_UI}"></iframe>
<script>
  const frame = document.getElementById('inspector');
  const waiting = [];
  let ready = false;
  window.addEventListener('message', (message) => {
    if (!message.data || message.data.type !== '@statelyai.connected') return;
    ready = true;
    for (const event of waiting.splice(0)) frame.contentWindow.postMessage(event, '*');
  });
  const relay = new WebSocket('ws://' + location.host + '/');
  relay.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (ready) frame.contentWindow.postMessage(event, '*');
    else waiting.push(event);
  };
</script>
</body>
</html>
`;
}

/** Whether a relayed message registers an actor (what a late page needs most). */
function isActorEvent(text: string): boolean {
  try {
    return (JSON.parse(text) as { type?: unknown }).type === '@xstate.actor';
  } catch {
    return false;
  }
}

/** Keeps the last `limit` items. */
function pushCapped(list: string[], item: string, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

/**
 * Starts the relay on 127.0.0.1 and returns the `inspect` callback that feeds it. Values are
 * scrubbed like traces: plans summarised with masked headers, secrets masked everywhere.
 */
export async function startInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const actors: string[] = [];
  const events: string[] = [];
  let stopped = false;

  const server = createServer((request, response) => {
    if (request.method === 'GET' && (request.url === '/' || request.url === '/index.html')) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(bridgePage());
      return;
    }
    response.writeHead(404).end();
  });
  let origins: Set<string> = new Set();
  // Browsers let any web page open a WebSocket to 127.0.0.1: only our own page (or a non-browser
  // client, which sends no Origin) may listen to a run.
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: false,
    verifyClient: ({ req }: { req: IncomingMessage }) => req.headers.origin === undefined || origins.has(req.headers.origin),
  });

  const publish = (text: string, actorEvent: boolean, from?: WebSocket) => {
    if (stopped) return;
    if (actorEvent) pushCapped(actors, text, REPLAY_ACTORS);
    else pushCapped(events, text, REPLAY_EVENTS);
    for (const client of wss.clients) if (client !== from && client.readyState === client.OPEN) client.send(text);
  };
  wss.on('connection', (client) => {
    for (const text of [...actors, ...events]) client.send(text);
    client.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      publish(text, isActorEvent(text), client);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const scrubber = new Scrubber();
  const inspector = createInspector(
    { send: (event) => publish(JSON.stringify(event), event.type === '@xstate.actor') },
    { serialize: (event) => scrubber.scrub(event) as typeof event },
  );

  return {
    inspect: (event) => {
      if (!stopped) inspector.inspect.next?.(event);
    },
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A page's keep-alive connection would otherwise hold the port open.
      server.closeAllConnections();
      await closed;
    },
  };
}
