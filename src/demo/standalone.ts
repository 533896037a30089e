import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ConnectionTracker } from './tracker.js';
import type { DemoAgentStats } from './types.js';
import { boundPort, listenOn } from './listen.js';

/** What a profile built on a platform's own server library needs from the demo server. */
export interface LibraryContext {
  http: Server;
  tracker: ConnectionTracker;
  timeScale: number;
}

/** A profile on a platform's own server library (socket.io, graphql-ws), attached to one http server. */
export interface LibraryProfile {
  /** Scheme and path of the URL reported as `DemoAgent.url`. */
  entry: { scheme: 'ws' | 'http'; path: string };
  /** Sets the library up on `context.http`; the returned function stops it. */
  attach(context: LibraryContext): () => Promise<void>;
}

/**
 * The demo server for library profiles: the library owns the upgrade, this owns the listener,
 * the counts and the raw sockets, so `close()` releases the port even with clients still there.
 */
export class LibraryServer {
  private readonly http = createServer();
  private readonly tracker = new ConnectionTracker();
  private readonly sockets = new Set<Duplex>();
  private readonly stop: () => Promise<void>;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly profile: LibraryProfile,
    private readonly host: string,
    timeScale: number,
  ) {
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.http.on('clientError', (_error, socket) => socket.destroy());
    this.stop = profile.attach({ http: this.http, tracker: this.tracker, timeScale });
  }

  listen(port: number): Promise<void> {
    return listenOn(this.http, port, this.host);
  }

  get port(): number {
    return boundPort(this.http);
  }

  url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.profile.entry.scheme}://${host}:${this.port}${this.profile.entry.path}`;
  }

  stats(): DemoAgentStats {
    return this.tracker.stats();
  }

  received(): unknown[][] {
    return this.tracker.received();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.stop().catch(() => undefined);
      for (const socket of this.sockets) socket.destroy();
      await new Promise<void>((resolve) => this.http.close(() => resolve()));
    })();
    return this.closing;
  }
}

/** Runs `step` after `ms` unless the connection has gone; returns the canceller. */
export function paced(timeScale: number): { after(ms: number, step: () => void): void; stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  let last = Date.now();
  return {
    after(ms, step) {
      // Each step after the previous one, as the ws demo agents pace their frames.
      const at = Math.max(Date.now(), last) + ms * timeScale;
      last = at;
      const timer = setTimeout(() => {
        timers.delete(timer);
        step();
      }, at - Date.now());
      timers.add(timer);
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
