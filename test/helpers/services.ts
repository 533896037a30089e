/**
 * Optional system packages some tests need (redis-server for the queue tests, Chromium for the
 * HTML report browser test). Without one, those files are skipped with one line naming the Debian
 * package; with PARLEY_REQUIRE_SERVICES=1 (CI sets it) a missing one fails the file instead, so
 * CI can never skip them silently.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { redisServerInstalled } from '../../bench/redis-server.js';

/** A system package a group of tests needs, and how to find it. */
export interface Service {
  /** What needs it, as the skip line says it: "queue tests". */
  readonly tests: string;
  /** The Debian package (and command) to install. */
  readonly debianPackage: string;
  /** The executable, or undefined when it is not installed. */
  locate(env: NodeJS.ProcessEnv): string | undefined;
}

/** The first executable among `names` on `env.PATH`. */
function onPath(names: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here: try the next one
      }
    }
  }
  return undefined;
}

export const REDIS_SERVER: Service = {
  tests: 'queue tests',
  debianPackage: 'redis-server',
  locate: (env) => (redisServerInstalled(env) ? 'redis-server' : undefined),
};

/** Debian's chromium (what CI installs), or the one PARLEY_CHROMIUM names. Nothing is downloaded. */
export const CHROMIUM: Service = {
  tests: 'HTML report browser tests',
  debianPackage: 'chromium',
  locate: (env) => env.PARLEY_CHROMIUM || onPath(['chromium', 'chromium-browser'], env),
};

/** Where the service is, or the skip line to print when it is missing and not required. */
export type ServiceCheck = { found: string } | { skipLine: string };

/**
 * Locates `service`. Missing: the skip line, or (PARLEY_REQUIRE_SERVICES=1) an error saying what
 * to install.
 */
export function checkService(service: Service, env: NodeJS.ProcessEnv = process.env): ServiceCheck {
  const found = service.locate(env);
  if (found) return { found };
  const install = `apt-get install ${service.debianPackage}`;
  if (env.PARLEY_REQUIRE_SERVICES === '1') {
    throw new Error(`${service.tests} need ${service.debianPackage}, and PARLEY_REQUIRE_SERVICES=1 forbids skipping them (${install})`);
  }
  return { skipLine: `skipped: ${service.tests} need ${service.debianPackage} (${install})` };
}

/**
 * For a test file: the service's executable, or undefined after printing the skip line (the file
 * then skips its suites). Throws when PARLEY_REQUIRE_SERVICES=1 and it is missing.
 */
export function needService(service: Service): string | undefined {
  const check = checkService(service);
  if ('found' in check) return check.found;
  console.warn(check.skipLine);
  return undefined;
}
