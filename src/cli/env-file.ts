import { usageError } from './exit-codes.js';

/**
 * `--dotenv` (or `--env-file`, named by `flag` in errors): loads the file with Node's own parser
 * (`process.loadEnvFile`, the `--env-file` format: `NAME=value`, `#` comments, quotes, `export`
 * ignored). As with Node's flag, a variable already set in the environment wins over the file.
 * Done before the configs load, so their `{{env.NAME}}` placeholders see the values.
 */
export function loadEnvFile(path: string | undefined, flag: string): void {
  if (path === undefined) return;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error));
    throw usageError(`Cannot read ${flag} ${path}: ${why}`);
  }
}
