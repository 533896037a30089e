import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ConnectionTracker } from './tracker.js';
import type { DemoAgentStats } from './types.js';
import { boundPort, listenOn } from './listen.js';
import { Pacer } from './pacer.js';

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

/**
 * Runs each `step` `ms` × timeScale after the previous one, unless the connection has gone. One
 * timer at a time ({@link Pacer}): independent timers computed from the wall clock could fire out
 * of order after a stall between two `after` calls, swapping the messages of one answer.
 */
export function paced(timeScale: number): { after(ms: number, step: () => void): void; stop(): void } {
  const pacer = new Pacer();
  return {
    after: (ms, step) => pacer.then(ms * timeScale, step),
    stop: () => pacer.stop(),
  };
}
