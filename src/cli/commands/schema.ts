import type { Command } from 'commander';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { makeOutputFolder, outputError } from '../out-file.js';

/** Where `parley schema` writes unless told otherwise: the folder the examples point to. */
export const DEFAULT_SCHEMA_DIR = 'schema';

/** Adds `parley schema`. */
export function registerSchema(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('schema')
    .description('write JSON Schemas (2020-12) of the agent config and the test set, for editors')
    .option('--out <dir>', 'folder to write agent.schema.json and tests.schema.json to', DEFAULT_SCHEMA_DIR)
    .action(async (flags: { out: string }) => {
      const dir = makeOutputFolder(flags.out, 'the JSON schemas');
      const { writeSchemas } = await import('../../schema/json-schema.js');
      const files = await writeSchemas(dir).catch((error: unknown) => {
        throw outputError('the JSON schemas', dir, error);
      });
      io.out(`Wrote ${files.length} files:`);
      for (const file of files) io.out(`  ${file}`);
      done(EXIT.ok);
    });
}
