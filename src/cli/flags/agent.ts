import type { DemoProfile } from '../../demo/profile.js';

/** `parley agent` flags, as commander parses them. */
export interface AgentFlags {
  port: number;
  profile: DemoProfile;
}
