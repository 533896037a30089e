import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name on the npm registry (`parley` there is an unrelated package); the command stays `parley`. */
export const PACKAGE_NAME = '@parley-dev/parley';

/**
 * The package's root folder. Found by walking up from this module rather than by a fixed `../..`,
 * because this file runs both from `src/cli` (tests) and from `dist/src/cli` (the built CLI).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readManifest(manifest).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the parley package folder');
    dir = parent;
  }
}

function readManifest(file: string): { name?: string; version?: string } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
  } catch {
    return {};
  }
}

/** The version in package.json (what `parley --version` prints). */
export function packageVersion(): string {
  return readManifest(join(packageRoot(), 'package.json')).version ?? '0.0.0';
}

/** The bundled `examples/` folder. */
export function examplesDir(): string {
  return join(packageRoot(), 'examples');
}
