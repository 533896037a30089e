/** `parley chat` flags, as commander parses them. */
export interface ChatFlags {
  agent: string;
  /** The test set `/save` appends the conversation to. */
  save?: string;
  /** The saved case's id. @default `chat-<n>`, the first free n */
  caseId?: string;
}
