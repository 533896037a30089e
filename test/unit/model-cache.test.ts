import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelCache, requestHash } from '../../src/models/cache.js';
import { useTempDir } from '../helpers/temp-dir.js';

const temp = useTempDir('parley-llm-cache-');

describe('ModelCache (--llm-cache)', () => {
  it('keys answers by the SHA-256 of the request body and keeps the request beside the answer', () => {
    const cache = new ModelCache(join(temp.path(), 'cache'));
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 });
    const hash = requestHash(body);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cache.get(hash)).toBeUndefined();
    cache.put(hash, body, 'hello');
    expect(cache.get(hash)).toBe('hello');
    expect(readdirSync(cache.dir)).toEqual([`${hash}.json`]);
    expect(requestHash(body.replace('hi', 'ho'))).not.toBe(hash);
  });

  it('treats an unreadable entry as missing', () => {
    const cache = new ModelCache(join(temp.path(), 'broken'));
    const hash = requestHash('{}');
    writeFileSync(join(cache.dir, `${hash}.json`), 'not json');
    expect(cache.get(hash)).toBeUndefined();
  });
});
