import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A scratch folder per test, removed by `cleanup()`. */
export interface Scratch {
  dir: string;
  /** Writes `value` as YAML (or a string as is) and returns the path. */
  write(name: string, value: unknown): Promise<string>;
  cleanup(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  return {
    dir,
    async write(name, value) {
      const file = join(dir, name);
      await writeFile(file, typeof value === 'string' ? value : stringify(value));
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** An agent config in the default message format: fast timeouts, no keepalive, as a test needs. */
export function agentConfig(url: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { connection, ...rest } = overrides as { connection?: Record<string, unknown> };
  return {
    connection: { url, keepaliveSeconds: 0, connectTimeoutSeconds: 5, ...connection },
    coalesceSeconds: 0.2,
    responseTimeoutSeconds: 3,
    ...rest,
  };
}
