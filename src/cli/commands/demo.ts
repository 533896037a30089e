import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';

/** Adds `parley demo` (also `npm start`). */
export function registerDemo(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('demo')
    .description('run the bundled examples against the bundled demo agents, on loopback')
    .action(async () => {
      const { demoCommand } = await import('../actions/demo.js');
      done(await demoCommand(io));
    });
}
