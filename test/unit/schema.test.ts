import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonSchemaOf, schemaText, SCHEMA_FILES } from '../../src/schema/json-schema.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const names = Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>;

describe('JSON Schemas of the config files (README "Reports and CI", parley schema)', () => {
  it.each(names)('the committed schema/%s is what the validators generate (else run `npm run build && node dist/src/cli/main.js schema`)', (name) => {
    const committed = readFileSync(join(ROOT, 'schema', name), 'utf8');
    expect(committed).toBe(schemaText(name));
  });

  it('are JSON Schema 2020-12, closed to unknown keys like the validators', () => {
    for (const name of names) {
      const schema = jsonSchemaOf(name);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.additionalProperties).toBe(false);
    }
    const agent = jsonSchemaOf('agent.schema.json') as { required: string[]; properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(agent.required).toEqual(['connection']);
    expect(Object.keys(agent.properties.connection!.properties!)).toEqual(expect.arrayContaining(['url', 'authorization', 'headers', 'setup']));
  });

  it('accept the shorthands the validators accept: a turn as just its text, textTypes as one string', () => {
    const tests = JSON.stringify(jsonSchemaOf('tests.schema.json'));
    expect(tests).toMatch(/"turns":\{[^]*?"items":\{"anyOf":\[\{"type":"string"\}/);
    const agent = JSON.stringify(jsonSchemaOf('agent.schema.json'));
    expect(agent).toMatch(/"textTypes":\{[^]*?"anyOf":\[\{"type":"string"\}/);
  });

  it('every bundled example points its editor at them', () => {
    const examples = join(ROOT, 'examples');
    const files = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ya?ml)$/.test(file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const first = readFileSync(join(examples, file), 'utf8').split('\n')[0]!;
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match, `${file} starts with the yaml-language-server line`).not.toBeNull();
      const target = resolve(examples, dirname(file), match![1]!);
      expect(existsSync(target), `${file} → ${match![1]}`).toBe(true);
      expect(target.endsWith(file.endsWith('agent.yaml') ? 'agent.schema.json' : 'tests.schema.json')).toBe(true);
    }
  });
});
