import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { ProbeFlags } from '../flags/probe.js';
import type { CliIO } from '../io.js';

/** Adds `parley probe`. */
export function registerProbe(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('probe')
    .description('have one conversation step by step, showing every frame and its class, then advice')
    .requiredOption('--agent <file>', 'agent config (.yaml, .yml or .json)')
    .option('--message <text>', 'the user message to send', 'Hello')
    .option('--agent-first', "wait for the agent's opening turn (up to responseTimeoutSeconds) before sending")
    .addHelpText('after', '\nExit codes: 0 a reply came, 1 no reply, 2 bad usage or an invalid file, 130 interrupted.')
    .action(async (flags: ProbeFlags) => {
      const { probeCommand } = await import('../actions/probe.js');
      done(await probeCommand(flags, io));
    });
}
