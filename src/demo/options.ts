import { isIPv4 } from 'node:net';
import { parseProfile, type DemoProfile } from './profile.js';
import type { SimpleGates } from './simple.js';
import type { DemoAgentOptions } from './types.js';

/** Options with defaults applied and every value checked. */
export interface ResolvedOptions {
  profile: DemoProfile;
  port: number;
  host: string;
  timeScale: number;
  gates: SimpleGates;
}

/**
 * Demo agents are for loopback only: they accept well-known credentials, so they must never be
 * reachable from another machine. `localhost` is pinned to IPv4 so `url` and the listener agree.
 */
function loopbackHost(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if ((isIPv4(host) && host.startsWith('127.')) || host === '::1') return host;
  throw new Error(`Demo agents listen on loopback only (127.x.x.x, ::1 or localhost), not "${host}"`);
}

function checkPort(port: number): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new Error(`Invalid port ${port}: expected an integer from 0 to 65535`);
}

function checkTimeScale(scale: number): number {
  if (Number.isFinite(scale) && scale >= 0) return scale;
  throw new Error(`Invalid timeScale ${scale}: expected a finite number >= 0`);
}

/** The gates apply to the simple profile only; given elsewhere they would silently do nothing. */
function checkGates(profile: DemoProfile, gates: SimpleGates): SimpleGates {
  const given = Object.entries(gates).filter(([, value]) => value !== undefined).map(([name]) => name);
  if (profile !== 'simple' && given.length > 0) {
    throw new Error(`Options ${given.join(', ')} apply to the simple profile only, not "${profile}"`);
  }
  return gates;
}

/** Applies defaults and validates; throws an Error naming the bad option. */
export function resolveOptions(options: DemoAgentOptions): ResolvedOptions {
  const profile = parseProfile(options.profile);
  const { authorization, requiredHeaders, requireInit } = options;
  return {
    profile,
    port: checkPort(options.port ?? 0),
    host: loopbackHost(options.host ?? '127.0.0.1'),
    timeScale: checkTimeScale(options.timeScale ?? 1),
    gates: checkGates(profile, { authorization, requiredHeaders, requireInit }),
  };
}
