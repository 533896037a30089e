/** `parley probe` flags, as commander parses them. */
export interface ProbeFlags {
  agent: string;
  message: string;
}
