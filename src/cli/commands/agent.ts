import { InvalidArgumentError, type Command } from 'commander';
// The profile module is plain data: the servers load only when the command runs.
import { DEMO_PROFILES, parseProfile, type DemoProfile } from '../../demo/profile.js';
import type { ExitCode } from '../exit-codes.js';
import type { AgentFlags } from '../flags/agent.js';
import type { CliIO } from '../io.js';
import { wholeNumber } from '../parse-options.js';
import { describeThrown } from '../../errors.js';

/** The port `parley agent` listens on unless told otherwise: the one the examples name. */
export const DEFAULT_AGENT_PORT = 8080;

/** Adds `parley agent`. */
export function registerAgent(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('agent')
    .description('run one demo agent in the foreground on 127.0.0.1, until Ctrl-C')
    .option('--port <port>', 'port to listen on (0: any free port)', wholeNumber(0, 65535), DEFAULT_AGENT_PORT)
    .option('--profile <name>', `protocol to speak: ${DEMO_PROFILES.join(', ')}`, profileArgument, 'simple' as DemoProfile)
    .option('--authorization <value>', 'simple profile: refuse the handshake (401) unless Authorization is exactly this')
    .option('--require-header <name=value>', 'simple profile: refuse the handshake (403) without this header (repeatable)', headerArgument)
    .option('--require-init <json>', 'simple profile: the first frame must be this JSON; until then messages get an error frame', jsonArgument)
    .action(async (flags: AgentFlags) => {
      const { agentCommand } = await import('../actions/agent.js');
      done(await agentCommand(flags, io));
    });
}

function profileArgument(value: string): DemoProfile {
  try {
    return parseProfile(value);
  } catch (error) {
    throw new InvalidArgumentError(describeThrown(error));
  }
}


function headerArgument(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`Expected name=value, got "${value}".`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1).trim() };
}

function jsonArgument(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new InvalidArgumentError(`Expected JSON, such as '{"action":"start_session"}', got "${value}".`);
  }
}
