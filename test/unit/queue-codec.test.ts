/**
 * `connection.codec` with `--queue` (README "Frame formats" and README "Running on many machines"): the codec module travels inside the job as
 * its source, like `tls.caFile`, and a worker imports its own copy. The Redis round trip is the
 * queue tests'; this checks the packing without one.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../src/config/load.js';
import { packAgent, type SimulationJobData } from '../../src/queue/payload.js';
import { JobUnpacker } from '../../src/queue/unpack.js';
import { loadTransport } from '../../src/transport/transport-actor.js';
import { createFraming } from '../../src/transport/framing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-codec-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a codec with --queue', () => {
  it('travels as its source, and the worker imports its own copy of it', async () => {
    copyFileSync(resolve('test/fixtures/codecs/lines.mjs'), join(dir, 'lines.mjs'));
    const file = join(dir, 'agent.json');
    writeFileSync(file, JSON.stringify({ connection: { url: 'ws://127.0.0.1:9/', codec: './lines.mjs' } }));
    const packed = packAgent(await loadAgentConfig(file, {}));
    expect(packed.agent.connection.codec).toBeUndefined();
    expect(packed.codecSource).toContain('export function decode');
    // Gone before the worker sees the job: only the job's copy can be used.
    rmSync(join(dir, 'lines.mjs'));
    const data = JSON.parse(JSON.stringify({ runId: 'run-codec', ...packed, testSet: { cases: [] }, caseIndex: 0, iteration: 1 })) as SimulationJobData;

    const unpacker = new JobUnpacker();
    try {
      const config = unpacker.config(data);
      expect(config.connection.codec).toMatch(/\.mjs$/);
      expect(existsSync(config.connection.codec!)).toBe(true);
      await loadTransport(config);
      const framing = createFraming({ layers: [], binaryFrames: 'drop', codec: config.connection.codec! });
      expect(framing.read(Buffer.from('message|hi'), false)).toEqual([{ kind: 'message', value: { type: 'message', text: 'hi' } }]);
    } finally {
      unpacker.close();
    }
  });
});
