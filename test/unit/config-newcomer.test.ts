import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig, loadTestSet, parseAgentConfig, parseTestSet } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('parley-newcomer-');

/** The ConfigError's problems, one `<path>: <problem>` string each. */
async function problems(load: () => Promise<unknown> | unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('rough edges a newcomer hits in the config files', () => {
  let warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('an unquoted {{message}} in YAML is a config error saying to quote it, with no Node warning', async () => {
    const file = await dir.write('agent.yaml', 'connection:\n  url: ws://127.0.0.1:1/ws\nmessages:\n  sendTemplate:\n    type: message\n    text: {{message}}\n');
    expect(await problems(() => loadAgentConfig(file))).toEqual([
      'messages.sendTemplate.text: a placeholder must be quoted in YAML: write "{{message}}" (unquoted, YAML reads {{…}} as a nested mapping)',
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });

  it('says where an unquoted placeholder is inside a list too', async () => {
    const file = await dir.write('tests.yaml', 'cases:\n  - id: a\n    turns:\n      - user: {{case.id}}\n');
    expect(await problems(() => loadTestSet(file))).toEqual([
      'cases.0.turns.0.user: a placeholder must be quoted in YAML: write "{{case.id}}" (unquoted, YAML reads {{…}} as a nested mapping)',
    ]);
  });

  it('an unquoted placeholder does not hide the file\'s other problems: all are listed at once, in file order', async () => {
    const file = await dir.write(
      'agent.yaml',
      'connection:\n  url: ws://127.0.0.1:1/ws\n  hedaers: {}\nmessages:\n  sendTemplate:\n    text: {{message}}\nresponseTimeoutSeconds: -1\n',
    );
    expect(await problems(() => loadAgentConfig(file))).toEqual([
      'connection.hedaers: unknown key (did you mean headers?)',
      'messages.sendTemplate.text: a placeholder must be quoted in YAML: write "{{message}}" (unquoted, YAML reads {{…}} as a nested mapping)',
      'responseTimeoutSeconds: must be greater than 0',
    ]);
    const tests = await dir.write('tests.yaml', 'cases:\n  - id: a\n    turns:\n      - user: {{case.id}}\n      - usr: hi\n');
    const listed = await problems(() => loadTestSet(tests));
    expect(listed[0]).toMatch(/^cases\.0\.turns\.0\.user: a placeholder must be quoted/);
    expect(listed.slice(1).some((line) => line.startsWith('cases.0.turns.1'))).toBe(true);
  });

  it('an unknown key suggests the key it most likely meant', async () => {
    expect(await problems(() => parseAgentConfig({ connection: { url: 'ws://127.0.0.1:1/ws', hedaers: {} } }))).toEqual([
      'connection.hedaers: unknown key (did you mean headers?)',
    ]);
    expect(await problems(() => parseTestSet({ cases: [{ id: 'a', turns: [{ user: 'x', expect: { contain: 'y' } }] }] }))).toEqual([
      'cases.0.turns.0.expect.contain: unknown key (did you mean contains?)',
    ]);
  });

  it('an unknown key nothing resembles is just unknown', async () => {
    expect(await problems(() => parseAgentConfig({ connection: { url: 'ws://127.0.0.1:1/ws' }, zzzzzz: 1 }))).toEqual(['zzzzzz: unknown key']);
  });

  it('a pattern holding a backspace (YAML "\\b") says single quotes keep backslashes', async () => {
    const file = await dir.write('tests.yaml', 'cases:\n  - id: a\n    turns:\n      - user: When?\n        expect:\n          matches: "\\b9 ?am\\b"\n');
    const [problem] = await problems(() => loadTestSet(file));
    expect(problem).toMatch(/^cases\.0\.turns\.0\.expect\.matches: contains a backspace \(\\b\): .*single quotes, which keep backslashes/);
    // The same pattern in single quotes is fine.
    const fixed = await dir.write('fixed.yaml', "cases:\n  - id: a\n    turns:\n      - user: When?\n        expect:\n          matches: '\\b9 ?am\\b'\n");
    await expect(loadTestSet(fixed)).resolves.toBeTruthy();
  });
});
