import type { DemoProfile } from '../../demo/profile.js';

/** `parley agent` flags, as commander parses them. */
export interface AgentFlags {
  port: number;
  profile: DemoProfile;
  /** simple profile: the upgrade is refused (401) unless Authorization is exactly this. */
  authorization?: string;
  /** simple profile: headers that must be present with these values (403 otherwise). */
  requireHeader?: Record<string, string>;
  /** simple profile: the first frame must be this JSON. */
  requireInit?: unknown;
}
