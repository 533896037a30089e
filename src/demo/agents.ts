import { burstProfile } from './burst.js';
import { genesysProfile } from './genesys.js';
import type { ProfileHandler } from './handler.js';
import { httpFirstProfile } from './http-first.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { DemoServer } from './server.js';
import { simpleProfile } from './simple.js';
import { supportProfile } from './support.js';
import type { DemoAgent, DemoAgentOptions } from './types.js';

function handlerFor(options: ResolvedOptions): ProfileHandler {
  switch (options.profile) {
    case 'simple':
      return simpleProfile(options.gates);
    case 'burst':
      return burstProfile();
    case 'genesys':
      return genesysProfile();
    case 'http-first':
      return httpFirstProfile();
    case 'support':
      return supportProfile();
  }
}

/**
 * Starts a demo agent on loopback: a real server speaking one of the SPEC Appendix A patterns
 * (see the README's "Demo agents" section for each profile's protocol).
 * @throws Error for an invalid option (unknown profile, non-loopback host, bad port or
 *   timeScale, simple-only options given to another profile); rejects when the port is taken.
 */
export async function startDemoAgent(options: DemoAgentOptions): Promise<DemoAgent> {
  const resolved = resolveOptions(options);
  const server = new DemoServer(handlerFor(resolved), resolved.host, resolved.timeScale);
  try {
    await server.listen(resolved.port);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    profile: resolved.profile,
    url: server.url(),
    port: server.port,
    stats: () => server.stats(),
    received: () => server.received(),
    close: () => server.close(),
  };
}

// The whole demo API is reachable from this module too, for callers that import it directly.
export { answerFor } from './answers.js';
export { DEMO_PROFILES, isDemoProfile, parseProfile, type DemoProfile } from './profile.js';
export type { DemoAgent, DemoAgentOptions, DemoAgentStats } from './types.js';
