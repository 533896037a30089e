/** `parley report` flags, as commander parses them. */
export interface ReportCommandFlags {
  json?: boolean;
  junit?: string;
  html?: string;
  passRate?: number;
}
