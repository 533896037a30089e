import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import type { AgentTurn, UserTurn } from '../../machines/types.js';
import { loadTestSet } from '../config/load.js';
import { ConfigError } from '../errors.js';

/** One turn of a saved case, as written to the test set. */
type SavedTurn = { user?: string; click?: string; expect?: Record<string, unknown> };

/** A case built from a conversation; nothing about it is written until {@link appendCase}. */
export interface SavedCase {
  id: string;
  agentFirst?: true;
  turns: SavedTurn[];
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Refuses a `--save` file before the conversation starts: one Parley could not read back as a test
 * set (wrong extension, invalid content, a folder that does not exist). A missing file is fine.
 * @throws Error saying what is wrong with the file.
 */
export async function checkSaveFile(file: string): Promise<void> {
  if (!EXTENSIONS.has(extname(file).toLowerCase())) throw new Error(`--save ${file}: a test set is a .yaml, .yml or .json file`);
  if (!existsSync(file)) {
    if (!existsSync(dirname(file))) throw new Error(`--save ${file}: the folder ${dirname(file)} does not exist`);
    return;
  }
  try {
    await loadTestSet(file);
  } catch (error) {
    const detail = error instanceof ConfigError ? error.issues.map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n') : `  ${String(error)}`;
    throw new Error(`--save ${file} is not a test set (it would not be kept as it is):\n${detail}`);
  }
}

/**
 * The conversation as a case (README "Chatting by hand"): each user message or click as a turn, expecting its
 * reply's first line (and the choices and number of attachments it had); an opening agent turn makes it `agentFirst`.
 */
export function caseFromTranscript(id: string, transcript: ReadonlyArray<AgentTurn | UserTurn>): SavedCase {
  const saved: SavedCase = { id, turns: [] };
  if (transcript[0]?.role === 'agent') saved.agentFirst = true;
  for (const turn of transcript) {
    if (turn.role !== 'user') continue;
    const reply = transcript.find((entry): entry is AgentTurn => entry.role === 'agent' && entry.replyTo === turn.seq);
    const expect = reply ? expectationOf(reply) : undefined;
    saved.turns.push({ ...(turn.click ? { click: turn.click.title } : { user: turn.text }), ...(expect ? { expect } : {}) });
  }
  return saved;
}

function expectationOf(reply: AgentTurn): Record<string, unknown> | undefined {
  if (reply.timedOut) return undefined;
  const expect: Record<string, unknown> = {};
  const firstLine = reply.text.split('\n').find((line) => line.trim() !== '')?.trim();
  if (firstLine) expect.contains = firstLine;
  if (reply.choices?.length) expect.choices = reply.choices.map((choice) => choice.title);
  if (reply.attachments?.length) expect.attachments = { count: reply.attachments.length };
  return Object.keys(expect).length > 0 ? expect : undefined;
}

/** `wanted`, or `chat-<n>` with the first n not taken. @throws Error when `wanted` is taken. */
function freeId(taken: ReadonlySet<string>, wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (taken.has(wanted)) throw new Error(`a case with id "${wanted}" is already in the file (nothing was overwritten)`);
    return wanted;
  }
  let n = 1;
  while (taken.has(`chat-${n}`)) n++;
  return `chat-${n}`;
}

/**
 * Appends the case to `file` (created with `name: chat` when missing), keeping the other cases, and
 * in YAML their comments and layout, as they are. Returns the id it was saved under.
 */
export function appendCase(file: string, caseId: string | undefined, build: (id: string) => SavedCase): string {
  const exists = existsSync(file);
  if (extname(file).toLowerCase() === '.json') {
    type Stored = { name?: string; cases: Array<{ id?: unknown }> };
    const set: Stored = exists ? (JSON.parse(readFileSync(file, 'utf8')) as Stored) : { name: 'chat', cases: [] };
    const saved = build(freeId(new Set(set.cases.map((item) => String(item.id))), caseId));
    set.cases.push(saved);
    writeFileSync(file, `${JSON.stringify(set, null, 2)}\n`);
    return saved.id;
  }
  if (!exists) {
    const saved = build(freeId(new Set(), caseId));
    writeFileSync(file, new Document({ name: 'chat', cases: [saved] }).toString({ lineWidth: 0 }));
    return saved.id;
  }
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const cases = doc.get('cases');
  const taken = new Set<string>();
  if (isSeq(cases)) for (const item of cases.items) if (isMap(item) && typeof item.get('id') === 'string') taken.add(item.get('id') as string);
  const saved = build(freeId(taken, caseId));
  doc.addIn(['cases'], doc.createNode(saved));
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return saved.id;
}
