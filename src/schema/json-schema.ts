import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolders } from '../make-folders.js';
import { z } from 'zod';
import { agentConfigSchema } from '../config/agent-schema.js';
import { testSetSchema } from '../config/test-set-schema.js';

/** The files `parley schema` writes, and the validator each is generated from. */
export const SCHEMA_FILES = {
  'agent.schema.json': { schema: agentConfigSchema, title: 'Parley agent config' },
  'tests.schema.json': { schema: testSetSchema, title: 'Parley test set' },
} as const;

type Override = NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'];

/**
 * A preprocess step that turns a string into something else (`textTypes: message` for
 * `[message]`, a turn given as just the user's text) is a shorthand the validator accepts: zod
 * describes only what comes after the step, so the string form is added. Asked of the step
 * itself, so shorthands added to the validators later are found too.
 */
const acceptShorthands: Override = ({ zodSchema, jsonSchema }) => {
  const def = zodSchema._zod.def as { type: string; in?: { _zod: { def: { type: string; transform?: (value: unknown, ctx: unknown) => unknown } } } };
  const step = def.type === 'pipe' ? def.in?._zod.def : undefined;
  if (step?.type !== 'transform' || !step.transform) return;
  let converted: unknown;
  try {
    converted = step.transform('x', { issues: [], value: 'x', addIssue: () => undefined });
  } catch {
    return;
  }
  if (converted === 'x' || jsonSchema.type === 'string') return;
  const described = { ...jsonSchema };
  for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
  Object.assign(jsonSchema, { anyOf: [{ type: 'string' }, described] });
};

/** JSON Schema 2020-12 of what a user may write (input side: defaults make keys optional). */
export function jsonSchemaOf(name: keyof typeof SCHEMA_FILES): Record<string, unknown> {
  const { schema, title } = SCHEMA_FILES[name];
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', override: acceptShorthands });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return { $schema, title, ...rest };
}

/** The text of a schema file, as committed under `schema/`. */
export function schemaText(name: keyof typeof SCHEMA_FILES): string {
  return `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;
}

/** Writes both schema files into `dir`; returns their paths. */
export async function writeSchemas(dir: string): Promise<string[]> {
  makeFolders(dir);
  const names = Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>;
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      await writeFile(path, schemaText(name));
      return path;
    }),
  );
}
