import type { Command } from 'commander';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { makeOutputFolder, outputError } from '../out-file.js';

/** The folder `parley diagrams` regenerates, relative to the working directory (README "CLI"). */
export const DIAGRAMS_DIR = 'visualizations';

/** Adds `parley diagrams`. */
export function registerDiagrams(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('diagrams')
    .description(`regenerate ${DIAGRAMS_DIR}/ from the machine definitions`)
    .action(async () => done(await diagramsCommand(io)));
}

/** Writes the diagrams and lists the files. */
export async function diagramsCommand(io: CliIO): Promise<ExitCode> {
  makeOutputFolder(DIAGRAMS_DIR, 'the diagrams');
  // Imported when the command runs, so other commands never pay for loading the machines' drawer.
  const { writeDiagrams } = await import('../../diagrams/write.js');
  const files = await writeDiagrams(DIAGRAMS_DIR).catch((error: unknown) => {
    throw outputError('the diagrams', DIAGRAMS_DIR, error);
  });
  io.out(`Wrote ${files.length} file${files.length === 1 ? '' : 's'}:`);
  for (const file of files) io.out(`  ${file}`);
  return EXIT.ok;
}
