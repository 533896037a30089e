import { Command, CommanderError } from 'commander';
import { registerAgent } from './commands/agent.js';
import { registerChat } from './commands/chat.js';
import { registerDemo } from './commands/demo.js';
import { registerDiagrams } from './commands/diagrams.js';
import { registerCompare } from './commands/compare.js';
import { registerLoad } from './commands/load.js';
import { registerReport } from './commands/report.js';
import { registerSchema } from './commands/schema.js';
import { registerProbe } from './commands/probe.js';
import { registerRun } from './commands/run.js';
import { registerWorker } from './commands/worker.js';
import { ConfigError, describeThrown } from '../errors.js';
import { CliExit, EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import { packageVersion } from './package-info.js';

/** Commander's own exits that are not errors. */
const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** The `parley` program; each command hands its exit code to `done`. */
export function createProgram(io: CliIO, done: (code: ExitCode) => void): Command {
  const program = new Command('parley')
    .description('Test chat agents that speak JSON over WebSocket.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    // Commander would exit by itself (with 1 for usage errors): throw instead, so exits are ours.
    .exitOverride();
  registerRun(program, io, done);
  registerLoad(program, io, done);
  registerProbe(program, io, done);
  registerChat(program, io, done);
  registerDemo(program, io, done);
  registerAgent(program, io, done);
  registerDiagrams(program, io, done);
  registerReport(program, io, done);
  registerCompare(program, io, done);
  registerSchema(program, io, done);
  registerWorker(program, io, done);
  return program;
}

/**
 * Runs the CLI and resolves with its exit code. Nothing escapes as a stack trace: usage problems
 * are one message and exit 2, unexpected errors one line and exit 1.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: ExitCode = EXIT.ok;
  const program = createProgram(io, (exit) => {
    code = exit;
  });
  if (argv.length === 0) {
    io.err(program.helpInformation().trimEnd());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return exitCodeForError(error, io);
  }
}

function exitCodeForError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) return CLEAN_EXITS.has(error.code) ? EXIT.ok : EXIT.usage;
  if (error instanceof CliExit) {
    io.err(error.message);
    return error.code;
  }
  // A config problem found past the usual loading (a bundled example edited by hand): every line.
  if (error instanceof ConfigError) {
    io.err(error.message);
    return EXIT.usage;
  }
  const message = describeThrown(error);
  io.err(`parley: unexpected error: ${message.split('\n')[0]}`);
  return EXIT.failed;
}
