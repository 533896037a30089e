import type { Command } from 'commander';
import { CliExit, EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';

/** src/diagrams/write.ts, as this command uses it. */
interface DiagramsModule {
  writeDiagrams(dir: string): Promise<string[]>;
}

/** The folder `parley diagrams` regenerates, relative to the working directory (SPEC §7). */
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
  const { writeDiagrams } = await loadDiagrams();
  const files = await writeDiagrams(DIAGRAMS_DIR);
  io.out(`Wrote ${files.length} file${files.length === 1 ? '' : 's'}:`);
  for (const file of files) io.out(`  ${file}`);
  return EXIT.ok;
}

/** Imported when the command runs, by a computed specifier, so a build without it still compiles. */
async function loadDiagrams(): Promise<DiagramsModule> {
  const specifier = '../../diagrams/write.js';
  try {
    return (await import(specifier)) as DiagramsModule;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliExit(EXIT.failed, `parley diagrams is not available in this build (${detail})`);
  }
}
