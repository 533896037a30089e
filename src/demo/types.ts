import type { DemoProfile } from './profile.js';

/** How to start a demo agent; see {@link startDemoAgent}. */
export interface DemoAgentOptions {
  profile: DemoProfile;
  /** Port to listen on. Default 0: an ephemeral port, read it back from {@link DemoAgent.port}. */
  port?: number;
  /** Loopback address to listen on (`127.x.x.x`, `::1` or `localhost`). Default `127.0.0.1`. */
  host?: string;
  /** simple profile: when set, the upgrade is refused with 401 unless Authorization equals this exactly. */
  authorization?: string;
  /** simple profile: extra handshake headers that must be present with these exact values (name case-insensitive), else 403. */
  requiredHeaders?: Record<string, string>;
  /** simple profile: when set, the first frame must deep-equal this JSON (the "init"); until it arrives user messages get {type:'error', text:'init required'}. */
  requireInit?: unknown;
  /** Multiplies every built-in delay (tests use small values like 0.2). Default 1. */
  timeScale?: number;
}

/** Counts of WebSocket connections accepted by a demo agent. */
export interface DemoAgentStats {
  /** Connections open now. */
  open: number;
  /** The most connections open at once so far. */
  peak: number;
  /** Connections accepted so far. */
  total: number;
}

/** A running demo agent; see {@link startDemoAgent}. */
export interface DemoAgent {
  profile: DemoProfile;
  /** `ws://<host>:<port>/ws` for the WebSocket profiles; the session POST URL `http://<host>:<port>/v1/sessions` for http-first. */
  url: string;
  port: number;
  /** Connections currently open, and the highest number open at once so far. */
  stats(): DemoAgentStats;
  /** Every text frame received, per connection in order (parsed JSON or the raw string), for tests. */
  received(): unknown[][];
  /** Terminates every client and closes the server; idempotent; resolves once the port is released. */
  close(): Promise<void>;
}
