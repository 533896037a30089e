/**
 * `parley run` flags, as commander parses them. In their own module (like every command's flags),
 * so the command that declares them and the action that uses them do not import each other.
 */
export interface RunFlags {
  agent: string;
  tests: string;
  concurrency: number;
  repeat: number;
  out?: string;
  json?: boolean;
  inspect?: boolean;
  trace?: string;
}
