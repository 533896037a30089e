/** `parley probe` flags, as commander parses them. */
export interface ProbeFlags {
  agent: string;
  message: string;
  /** Wait for the agent's opening turn before sending. */
  agentFirst?: boolean;
}
