/** `parley compare` flags, as commander parses them. */
export interface CompareFlags {
  json?: boolean;
  failOnRegression?: boolean;
}
