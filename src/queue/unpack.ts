import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markValidated } from '../config/validated.js';
import type { AgentConfig } from '../config/types.js';
import type { SimulationJobData } from './payload.js';

/**
 * Turns job data back into a config the engine runs as it is (it was validated by the run that
 * submitted it). The engine reads a CA and imports a codec from files, so each that travelled as
 * contents is written once per worker into a private temporary folder, named by its hash.
 */
export class JobUnpacker {
  private folder: string | null = null;
  /** One config object per run, so the engine's per-config caches work across a run's jobs. */
  private readonly configs = new Map<string, AgentConfig>();

  config(data: SimulationJobData): AgentConfig {
    let config = this.configs.get(data.runId);
    if (!config) {
      config = markValidated(this.withCodec(this.withCa(data), data.codecSource));
      this.configs.set(data.runId, config);
      // A worker serves many runs over its life: keep only the latest few.
      if (this.configs.size > 16) this.configs.delete(this.configs.keys().next().value!);
    }
    return config;
  }

  /** Removes the temporary CA files. */
  close(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
  }

  private withCa(data: SimulationJobData): AgentConfig {
    const { agent, caPem } = data;
    if (caPem === undefined || !agent.connection.tls) return agent;
    return { ...agent, connection: { ...agent.connection, tls: { ...agent.connection.tls, caFile: this.file(caPem, '.pem') } } };
  }

  private withCodec(agent: AgentConfig, source: string | undefined): AgentConfig {
    if (source === undefined) return agent;
    return { ...agent, connection: { ...agent.connection, codec: this.file(source, '.mjs') } };
  }

  private file(contents: string, extension: string): string {
    this.folder ??= mkdtempSync(join(tmpdir(), 'parley-worker-'));
    const file = join(this.folder, `${createHash('sha256').update(contents).digest('hex').slice(0, 16)}${extension}`);
    if (!existsSync(file)) writeFileSync(file, contents, { mode: 0o600 });
    return file;
  }
}
