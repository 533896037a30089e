import { isDeepStrictEqual } from 'node:util';
import type { AgentTurn, ExpectationResult } from '../../machines/types.js';
import type { Expectation } from '../config/types.js';
import { compilePath } from '../paths.js';
import { choiceList, titleMatcher } from './clicks.js';
import { quoteGot } from './expectation-text.js';

type CardCheck = (turn: number, reply: AgentTurn) => ExpectationResult;

const offered = (reply: AgentTurn) => (reply.choices ?? []).map((choice) => choice.title);
const gotChoices = (reply: AgentTurn) => (reply.choices?.length ? choiceList(reply.choices) : 'no choices');

/** `choices`: every one named is offered (by title or `/regex/`), in any order. */
function choicesCheck(wanted: string[]): CardCheck {
  const matchers = wanted.map(titleMatcher);
  return (turn, reply) => {
    const titles = offered(reply);
    const ok = matchers.every((matches) => titles.some(matches));
    return ok ? { turn, kind: 'choices', value: wanted, ok } : { turn, kind: 'choices', value: wanted, ok, got: gotChoices(reply) };
  };
}

/** `choicesExactly`: these titles, no others, in this order. */
function choicesExactlyCheck(wanted: string[]): CardCheck {
  return (turn, reply) => {
    const ok = isDeepStrictEqual(offered(reply), wanted);
    return ok ? { turn, kind: 'choicesExactly', value: wanted, ok } : { turn, kind: 'choicesExactly', value: wanted, ok, got: gotChoices(reply) };
  };
}

function attachmentCountCheck(count: number): CardCheck {
  return (turn, reply) => {
    const got = reply.attachments?.length ?? 0;
    return got === count ? { turn, kind: 'attachments', value: count, ok: true } : { turn, kind: 'attachments', value: count, ok: false, got: `${got}` };
  };
}

function attachmentCheck(attachment: NonNullable<Expectation['attachment']>): CardCheck {
  const read = compilePath(attachment.path);
  const value = attachment.exists ? true : attachment.equals;
  const base = { kind: 'attachment' as const, path: attachment.path, value };
  return (turn, reply) => {
    const found = (reply.attachments ?? []).map(read);
    const ok = found.some((item) => (attachment.exists ? item !== undefined : isDeepStrictEqual(item, attachment.equals)));
    if (ok) return { ...base, turn, ok };
    const first = found.find((item) => item !== undefined);
    const got = first === undefined ? `no attachment with ${attachment.path} (${found.length} in the reply)` : quoteGot(JSON.stringify(first));
    return { ...base, turn, ok, got };
  };
}

/** The README "Buttons, cards and clicks" checks of one turn, in a fixed order. */
export function cardChecksOf(expect: Expectation): CardCheck[] {
  const checks: CardCheck[] = [];
  if (expect.choices !== undefined) checks.push(choicesCheck(expect.choices));
  if (expect.choicesExactly !== undefined) checks.push(choicesExactlyCheck(expect.choicesExactly));
  if (expect.attachments !== undefined) checks.push(attachmentCountCheck(expect.attachments.count));
  if (expect.attachment !== undefined) checks.push(attachmentCheck(expect.attachment));
  return checks;
}
