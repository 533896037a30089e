import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument, type YAMLError } from 'yaml';
import { unquotedPlaceholders } from './yaml-placeholders.js';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue, describeThrown } from '../errors.js';
import { checkAgentRules } from './agent-rules.js';
import { agentConfigSchema, type ParsedAgentConfig } from './agent-schema.js';
import { markValidated } from './validated.js';
import { loadCodec } from '../transport/framing/codec.js';
import {
  describeJsonError,
  errorMap,
  fromZodIssues,
  inInputOrder,
  isRecord,
  lowerFirst,
  rootProblem,
  uniqueIssues,
} from './issues.js';
import { checkLlmPlaceholders, resolveLlm } from './llm-env.js';
import { checkTestSetRules, testSetSchema } from './test-set-schema.js';
import type { AgentConfig, TestSet } from './types.js';

export { compileMatcher } from './test-set-schema.js';

export interface ParseAgentOptions {
  /** Folder relative paths (`tls.caFile`) are resolved against. @default process.cwd() */
  baseDir?: string;
  /** Named in the error message. */
  file?: string;
  /** Where `{{env.NAME}}` is read from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads and validates an agent config file (`.json`, `.yaml` or `.yml`), with every default
 * applied and relative paths resolved against the file's folder.
 * @throws ConfigError listing every problem, including a missing file or a syntax error.
 */
export async function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  const { raw, issues } = await readConfigFile(file);
  const config = withFileIssues({ raw, issues, file }, () => parseAgentConfig(raw, { baseDir: dirname(resolve(file)), file, env }));
  // Imported now, so a codec without decode or encode is a config error before anything connects.
  if (config.connection.codec !== undefined) {
    await loadCodec(config.connection.codec).catch((error: unknown) => {
      throw error instanceof ConfigError ? new ConfigError(error.issues, file) : error;
    });
  }
  return config;
}

/**
 * Validates an agent config given as a plain object (as parsed from JSON or YAML).
 * @throws ConfigError listing every problem.
 */
export function parseAgentConfig(raw: unknown, options: ParseAgentOptions = {}): AgentConfig {
  const baseDir = resolve(options.baseDir ?? process.cwd());
  if (!isRecord(raw)) throw new ConfigError([{ path: '', message: rootProblem(raw) }], options.file);
  const parsed = agentConfigSchema.safeParse(raw, { error: errorMap });
  const rules = checkAgentRules(raw, { baseDir, env: options.env ?? process.env });
  const issues = collect(raw, parsed.error, rules.issues);
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues, options.file);
  // Marked so that connect() and runTestSet() take it as it is instead of validating it again.
  return markValidated(finishAgentConfig(parsed.data, rules.env, baseDir));
}

function finishAgentConfig({ $schema: _forEditors, ...parsed }: ParsedAgentConfig, env: Record<string, string>, baseDir: string): AgentConfig {
  const { tls, codec, ...rest } = parsed.connection;
  const connection = codec === undefined ? rest : { ...rest, codec: resolve(baseDir, codec) };
  const { readyType, ...handshake } = parsed.handshake;
  return {
    ...parsed,
    connection: tls ? { ...connection, tls: resolveTls(tls, baseDir) } : connection,
    handshake: readyType === undefined ? handshake : { ...handshake, readyType },
    env,
    baseDir,
  };
}

function resolveTls(tls: { caFile?: string; rejectUnauthorized: boolean }, baseDir: string): AgentConfig['connection']['tls'] {
  const { caFile, rejectUnauthorized } = tls;
  return caFile === undefined ? { rejectUnauthorized } : { caFile: resolve(baseDir, caFile), rejectUnauthorized };
}

/**
 * Reads and validates a test set file (`.json`, `.yaml` or `.yml`).
 * @throws ConfigError listing every problem, including a missing file or a syntax error.
 */
export async function loadTestSet(file: string, env: NodeJS.ProcessEnv = process.env): Promise<TestSet> {
  const { raw, issues } = await readConfigFile(file);
  return withFileIssues({ raw, issues, file }, () => parseTestSet(raw, { file, env }));
}

/**
 * Validates a file's content, listing the problems found while reading it (an unquoted YAML
 * placeholder) together with the validator's, in file order, so every problem shows at once.
 */
function withFileIssues<T>({ raw, issues, file }: ConfigText & { file: string }, validate: () => T): T {
  let value: T;
  try {
    value = validate();
  } catch (error) {
    if (!(error instanceof ConfigError) || issues.length === 0) throw error;
    throw new ConfigError(inInputOrder(uniqueIssues([...issues, ...error.issues]), raw), file);
  }
  if (issues.length > 0) throw new ConfigError(issues, file);
  return value;
}

/**
 * Validates a test set given as a plain object; short-form turns become `{ user }`.
 * @throws ConfigError listing every problem.
 */
export function parseTestSet(raw: unknown, options: { file?: string; env?: NodeJS.ProcessEnv } = {}): TestSet {
  if (!isRecord(raw)) throw new ConfigError([{ path: '', message: rootProblem(raw) }], options.file);
  const parsed = testSetSchema.safeParse(raw, { error: errorMap });
  const llm = checkLlmPlaceholders(raw, options.env ?? process.env);
  const issues = collect(raw, parsed.error, [...checkTestSetRules(raw), ...llm.issues]);
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues, options.file);
  const { llm: llmBlock, $schema: _forEditors, ...testSet } = parsed.data;
  return llmBlock ? { ...testSet, llm: resolveLlm(llmBlock, llm.env) } : testSet;
}

/** Schema and rule issues together, each once, in file order. */
function collect(raw: unknown, schemaError: z.ZodError | undefined, ruleIssues: ConfigIssue[]): ConfigIssue[] {
  const schemaIssues = schemaError ? fromZodIssues(schemaError.issues) : [];
  return inInputOrder(uniqueIssues([...schemaIssues, ...ruleIssues]), raw);
}

/** A config file's parsed content, and the problems found while parsing that did not stop it. */
interface ConfigText {
  raw: unknown;
  issues: ConfigIssue[];
}

type TextParser = (text: string) => ConfigText;

const PARSERS: Record<string, TextParser> = { '.json': parseJsonText, '.yaml': parseYamlText, '.yml': parseYamlText };

/** The parsed content of a config file; an empty file is `undefined`. */
async function readConfigFile(file: string): Promise<ConfigText> {
  const fail = (message: string): never => {
    throw new ConfigError([{ path: '', message }], file);
  };
  const extension = extname(file).toLowerCase();
  const parse = PARSERS[extension];
  if (!parse) {
    return fail(`${extension ? `unsupported file type "${extension}"` : 'no file extension'} (use .json, .yaml or .yml)`);
  }
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    return fail(`cannot read file: ${readProblem(error)}`);
  }
  if (text.trim() === '') return { raw: undefined, issues: [] };
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof SyntaxProblem) return fail(error.message);
    throw error;
  }
}

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && READ_PROBLEMS[code]) ?? describeThrown(error);
}

/** A syntax error already worded for the user. */
class SyntaxProblem extends Error {}

function parseJsonText(text: string): ConfigText {
  try {
    return { raw: JSON.parse(text) as unknown, issues: [] };
  } catch (error) {
    const problem = describeJsonError(error).replace(/ in JSON at position \d+.*$/s, '');
    const { line, column } = lineColumn(text, jsonErrorOffset(text));
    throw new SyntaxProblem(`invalid JSON at line ${line}, column ${column}: ${problem}`);
  }
}

/**
 * V8 does not always say where JSON breaks, so find the shortest prefix that is already wrong
 * rather than merely cut short; its last character is where the mistake is.
 */
function jsonErrorOffset(text: string): number {
  if (!brokenPrefix(text, text.length)) return text.length;
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (brokenPrefix(text, middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

function brokenPrefix(text: string, end: number): boolean {
  try {
    JSON.parse(text.slice(0, end));
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.includes('Unexpected end of JSON input')) return false;
    const position = /at position (\d+)/.exec(message);
    return !(position && Number(position[1]) >= end);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function parseYamlText(text: string): ConfigText {
  // logLevel 'error': the parser's own warnings would go to stderr as Node warnings.
  const document = parseDocument(text, { logLevel: 'error' });
  const error = document.errors[0];
  if (error) throw new SyntaxProblem(yamlProblem(error));
  const issues = unquotedPlaceholders(document);
  try {
    return { raw: document.toJS() as unknown, issues };
  } catch (cause) {
    throw new SyntaxProblem(`invalid YAML: ${lowerFirst(describeThrown(cause))}`);
  }
}

/** The parser's words without the source excerpt it appends, which may hold a secret. */
function yamlProblem(error: YAMLError): string {
  const firstLine = error.message.split('\n')[0] ?? '';
  const problem = lowerFirst(firstLine.replace(/ at line \d+, column \d+:?$/, ''));
  const at = error.linePos?.[0];
  return at ? `invalid YAML at line ${at.line}, column ${at.col}: ${problem}` : `invalid YAML: ${problem}`;
}
