import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { compileMatcher, loadTestSet, parseTestSet } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const temp = useTempDir('parley-tests-');
const write = temp.write;

function problems(raw: unknown): ConfigIssue[] {
  try {
    parseTestSet(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function one(path: string, message: string): ConfigIssue[] {
  return [{ path, message }];
}

function withTurns(...turns: unknown[]) {
  return { cases: [{ id: 'c', turns }] };
}

describe('parseTestSet', () => {
  it('turns the short form into { user } and defaults agentFirst to false', () => {
    expect(
      parseTestSet({
        name: 'smoke',
        cases: [{ id: 'opening-hours', turns: ['Hello', { user: 'When do you open?', expect: { contains: '9' } }] }],
      }),
    ).toStrictEqual({
      name: 'smoke',
      cases: [
        {
          id: 'opening-hours',
          agentFirst: false,
          turns: [{ user: 'Hello' }, { user: 'When do you open?', expect: { contains: '9' } }],
        },
      ],
    });
  });

  it('keeps every expectation kind', () => {
    const expectation = { contains: '9', matches: '\\b9 ?am\\b', notContains: 'sorry' };
    expect(parseTestSet(withTurns({ user: 'hi', expect: expectation })).cases[0]?.turns[0]?.expect).toStrictEqual(expectation);
  });

  it('allows a case without turns only with agentFirst', () => {
    expect(parseTestSet({ cases: [{ id: 'greeting', agentFirst: true }] }).cases[0]).toStrictEqual({
      id: 'greeting',
      agentFirst: true,
      turns: [],
    });
    expect(problems({ cases: [{ id: 'a', turns: [] }, { id: 'b', agentFirst: false }] })).toStrictEqual([
      { path: 'cases.0.turns', message: 'must have at least one turn unless agentFirst is true' },
      { path: 'cases.1.turns', message: 'must have at least one turn unless agentFirst is true' },
    ]);
  });

  it('wants a non-empty list of cases', () => {
    expect(problems({ cases: [] })).toStrictEqual(one('cases', 'must not be empty'));
    expect(problems({ name: 'x' })).toStrictEqual(one('cases', 'required'));
    expect(problems({ cases: { id: 'a' } })).toStrictEqual(one('cases', 'must be a list'));
    expect(problems(['Hello'])).toStrictEqual(one('', 'expected an object (key: value pairs), found a list'));
  });

  it('wants a non-empty string id, unique in the set', () => {
    expect(problems({ cases: [{ turns: ['hi'] }, { id: '', turns: ['hi'] }, { id: 7, turns: ['hi'] }] })).toStrictEqual([
      { path: 'cases.0.id', message: 'required' },
      { path: 'cases.1.id', message: 'must not be empty' },
      { path: 'cases.2.id', message: 'must be a string' },
    ]);
    expect(problems({ cases: [{ id: 'a', turns: ['x'] }, { id: 'b', turns: ['x'] }, { id: 'a', turns: ['x'] }] })).toStrictEqual(
      one('cases.2.id', 'duplicate id "a" (also used by cases.0)'),
    );
  });

  it('wants agentFirst to be a boolean', () => {
    expect(problems({ cases: [{ id: 'a', agentFirst: 'yes', turns: ['hi'] }] })).toStrictEqual(
      one('cases.0.agentFirst', 'must be true or false'),
    );
  });

  it('wants user text to be a non-empty string', () => {
    expect(problems(withTurns('', { user: 42 }, {}, null, 5))).toStrictEqual([
      { path: 'cases.0.turns.0.user', message: 'must not be empty' },
      { path: 'cases.0.turns.1.user', message: 'must be a string' },
      { path: 'cases.0.turns.2.user', message: 'required (or click)' },
      { path: 'cases.0.turns.3', message: 'must be the user text or an object with user or click' },
      { path: 'cases.0.turns.4', message: 'must be the user text or an object with user or click' },
    ]);
  });

  it('reports unknown keys in the set, a case, a turn and an expectation', () => {
    expect(
      problems({
        title: 'x',
        cases: [{ id: 'a', agent_first: true, turns: [{ user: 'hi', expects: {}, expect: { contain: 'x', matches: 'y' } }] }],
      }),
    ).toStrictEqual([
      { path: 'title', message: 'unknown key' },
      { path: 'cases.0.agent_first', message: 'unknown key (did you mean agentFirst?)' },
      { path: 'cases.0.turns.0.expects', message: 'unknown key (did you mean expect?)' },
      { path: 'cases.0.turns.0.expect.contain', message: 'unknown key (did you mean contains?)' },
    ]);
  });

  it('wants expectation values as non-empty strings', () => {
    expect(problems(withTurns({ user: 'hi', expect: { contains: 9, notContains: '' } }))).toStrictEqual([
      { path: 'cases.0.turns.0.expect.contains', message: 'must be a string' },
      { path: 'cases.0.turns.0.expect.notContains', message: 'must not be empty' },
    ]);
  });

  it('reports an invalid regular expression with the reason', () => {
    expect(problems(withTurns('hi', { user: 'hello', expect: { matches: '(unclosed' } }))).toStrictEqual(
      one('cases.0.turns.1.expect.matches', 'invalid regular expression (unterminated group)'),
    );
    expect(problems(withTurns({ user: 'hello', expect: { matches: '/x/ii' } }))).toStrictEqual(
      one('cases.0.turns.0.expect.matches', "invalid regular expression (invalid flags supplied to RegExp constructor 'ii')"),
    );
  });

  it('reports every mistake of a set at once', () => {
    expect(
      problems({
        cases: [
          { id: 'a', turns: ['hi', { user: '', expect: { matches: '[' } }] },
          { id: 'a', turns: [], color: 'red' },
        ],
      }),
    ).toStrictEqual([
      { path: 'cases.0.turns.1.user', message: 'must not be empty' },
      { path: 'cases.0.turns.1.expect.matches', message: 'invalid regular expression (unterminated character class)' },
      { path: 'cases.1.id', message: 'duplicate id "a" (also used by cases.0)' },
      { path: 'cases.1.turns', message: 'must have at least one turn unless agentFirst is true' },
      { path: 'cases.1.color', message: 'unknown key' },
    ]);
  });
});

describe('compileMatcher', () => {
  it('compiles a plain pattern without flags', () => {
    const regex = compileMatcher('\\b9 ?am\\b');
    expect([regex.source, regex.flags]).toStrictEqual(['\\b9 ?am\\b', '']);
    expect(regex.test('We open at 9 am.')).toBe(true);
    expect(regex.test('We open at 9 AM.')).toBe(false);
  });

  it('reads the /pattern/flags form', () => {
    const regex = compileMatcher('/9 ?am/i');
    expect([regex.source, regex.flags]).toStrictEqual(['9 ?am', 'i']);
    expect(regex.test('We open at 9 AM.')).toBe(true);
    expect(compileMatcher('/a/b/ms').source).toBe('a\\/b');
  });

  it('keeps a pattern that only looks slashed as a plain pattern', () => {
    expect(compileMatcher('/usr/bin').source).toBe('\\/usr\\/bin');
    expect(compileMatcher('/').source).toBe('\\/');
  });

  it('drops g, which would only make repeated tests stateful, and refuses y', () => {
    const regex = compileMatcher('/ok/gi');
    expect(regex.flags).toBe('i');
    expect([regex.test('ok'), regex.test('ok')]).toStrictEqual([true, true]);
    expect(() => compileMatcher('/ok/y')).toThrow('flag y is not supported');
  });

  it('throws on an invalid pattern', () => {
    expect(() => compileMatcher('(')).toThrow(SyntaxError);
    expect(() => compileMatcher('/a/gg')).toThrow(SyntaxError);
  });
});

describe('loadTestSet', () => {
  const yaml = [
    'name: smoke',
    'cases:',
    '  - id: opening-hours',
    '    agentFirst: true',
    '    turns:',
    '      - Hello',
    '      - user: When do you open?',
    '        expect:',
    '          contains: "9"',
    '          matches: "\\\\b9 ?am\\\\b"',
    '          notContains: sorry',
    '',
  ].join('\n');

  it('loads the same set from YAML and JSON', async () => {
    const fromYaml = await loadTestSet(await write('tests.yaml', yaml));
    const fromJson = await loadTestSet(
      await write(
        'tests.json',
        JSON.stringify({
          name: 'smoke',
          cases: [
            {
              id: 'opening-hours',
              agentFirst: true,
              turns: ['Hello', { user: 'When do you open?', expect: { contains: '9', matches: '\\b9 ?am\\b', notContains: 'sorry' } }],
            },
          ],
        }),
      ),
    );
    expect(fromYaml).toStrictEqual(fromJson);
    expect(fromYaml.cases[0]?.turns[1]?.expect?.matches).toBe('\\b9 ?am\\b');
  });

  it('names the file in its errors', async () => {
    const file = await write('bad.yml', 'cases:\n  - id: a\n    turns: [hi]\n  - id: a\n    turns: [hi]\n');
    const error = (await loadTestSet(file).catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`Invalid configuration in ${file}:\n  cases.1.id: duplicate id "a" (also used by cases.0)`);
  });

  it('reports a missing file, an unknown extension and a syntax error', async () => {
    const issuesOf = async (file: string) => ((await loadTestSet(file).catch((caught: unknown) => caught)) as ConfigError).issues;
    expect(await issuesOf(join(temp.path(), 'missing.yaml'))).toStrictEqual(one('', 'cannot read file: no such file'));
    expect(await issuesOf(await write('tests.txt', 'x'))).toStrictEqual(
      one('', 'unsupported file type ".txt" (use .json, .yaml or .yml)'),
    );
    expect(await issuesOf(await write('broken.yaml', 'cases:\n  - id: a\n   turns: [hi\n'))).toHaveLength(1);
    expect((await issuesOf(await write('broken.yaml', 'cases: [\n')))[0]?.message).toMatch(/^invalid YAML at line \d+, column \d+: /);
  });
});
