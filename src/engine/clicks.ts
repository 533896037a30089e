import { expectationFailed } from '../../machines/errors.js';
import type { AgentTurn, Choice, RenderedUserText } from '../../machines/types.js';
import { compileMatcher } from '../config/load.js';
import { isSlashed } from '../config/test-set-schema.js';

/** Whether a choice's title is the one named: exactly, or matched by `/regex/`. */
export function titleMatcher(selector: string): (title: string) => boolean {
  // Only `/pattern/flags` is a regex: a plain title such as "C++ (beta)" is matched as written.
  if (!isSlashed(selector)) return (title) => title === selector;
  let regex: RegExp;
  try {
    regex = compileMatcher(selector);
  } catch {
    // Test sets are validated; a broken pattern typed in chat or by a model is taken as a title.
    return (title) => title === selector;
  }
  return (title) => {
    regex.lastIndex = 0;
    return regex.test(title);
  };
}

/** The choice named, among those offered: by its title, exactly, or by `/regex/`. */
export function findChoice(offered: readonly Choice[], selector: string): Choice | undefined {
  const matches = titleMatcher(selector);
  return offered.find((choice) => matches(choice.title));
}

/** How a list of choices reads in messages and reports: `Refund | Store credit`. */
export const choiceList = (choices: readonly Choice[]): string => choices.map((choice) => choice.title).join(' | ');

/**
 * The simulation's `pickChoice` (README "Buttons, cards and clicks"): the choice a `click` turn names among those the
 * previous agent turn offered; a choice not offered (or none offered) fails the case.
 */
export function pickChoice(turn: number, selector: string, previous: AgentTurn | null): RenderedUserText {
  const offered = previous?.choices ?? [];
  const choice = findChoice(offered, selector);
  if (choice) return { text: choice.title, click: choice };
  const what = `turn ${turn} clicks ${JSON.stringify(selector)}`;
  if (offered.length === 0) return { error: expectationFailed([`${what}, but the agent turn before it offered no choices`]) };
  return { error: expectationFailed([`${what}, which was not offered (choices: ${choiceList(offered)})`]) };
}
