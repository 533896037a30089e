import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';
import { ResultsWriter } from '../../src/engine/results-writer.js';

let dir = '';
let writer: ResultsWriter | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-writer-'));
});

afterEach(async () => {
  writer?.close();
  writer = undefined;
  await rm(dir, { recursive: true, force: true });
});

function result(caseId: string, text = 'hi'): SimulationResult {
  return {
    caseId,
    iteration: 1,
    verdict: 'passed',
    error: null,
    startedAt: '2026-01-05T10:00:00.000Z',
    durationMs: 5,
    timings: { setupMs: null, connectMs: 1, handshakeMs: null },
    transcript: [{ role: 'user', text, at: '2026-01-05T10:00:00.000Z' }],
    expectations: [],
    dropped: emptyDrops(),
  };
}

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n');

describe('ResultsWriter (JSONL, one flushed line per result)', () => {
  it('has each line in the file as soon as write() returns, before close', async () => {
    const file = join(dir, 'out.jsonl');
    writer = new ResultsWriter(file);
    writer.write(result('a'));
    expect(await lines(file)).toEqual([JSON.stringify(result('a')), '']);
    writer.write(result('b'));
    expect((await lines(file)).slice(0, -1).map((l) => JSON.parse(l) as unknown)).toEqual([result('a'), result('b')]);
  });

  it('keeps one result on one line whatever its text holds', async () => {
    const file = join(dir, 'out.jsonl');
    writer = new ResultsWriter(file);
    const tricky = 'line one\nline two\r\n\u2028 "quoted" \\ 😀';
    writer.write(result('a', tricky));
    writer.close();
    const [line, end] = await lines(file);
    expect(end).toBe('');
    expect((JSON.parse(line!) as SimulationResult).transcript[0]?.text).toBe(tricky);
  });

  it('creates missing folders', async () => {
    const file = join(dir, 'deep', 'er', 'out.jsonl');
    writer = new ResultsWriter(file);
    writer.write(result('a'));
    expect(writer.path).toBe(file);
    expect(await lines(file)).toHaveLength(2);
  });

  it('appends to an existing file rather than truncating it', async () => {
    const file = join(dir, 'out.jsonl');
    await writeFile(file, `${JSON.stringify(result('earlier'))}\n`);
    writer = new ResultsWriter(file);
    writer.write(result('now'));
    expect((await lines(file)).slice(0, -1).map((l) => (JSON.parse(l) as SimulationResult).caseId)).toEqual(['earlier', 'now']);
  });

  it('can be closed twice, and refuses writes after close', () => {
    writer = new ResultsWriter(join(dir, 'out.jsonl'));
    writer.close();
    expect(() => writer!.close()).not.toThrow();
    expect(() => writer!.write(result('late'))).toThrow(/closed/);
  });
});
