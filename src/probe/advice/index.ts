import { gotReply, type ProbeObservations } from '../types.js';
import { agentErrorAdvice, errorFrames } from './agent-errors.js';
import { connectionAdvice } from './connection.js';
import { directionAdvice } from './direction.js';
import { echoAdvice } from './echo.js';
import { handshakeAdvice } from './handshake.js';
import { indicatorAdvice } from './indicators.js';
import { itemsLostAdvice, lostItems } from './items-lost.js';
import { joiningAdvice } from './joining.js';
import { lateAdvice } from './late.js';
import { setupUrlAdvice } from './setup-url.js';
import { silenceAdvice } from './silence.js';
import { textPathAdvice } from './text-path.js';
import { typeAdvice } from './types.js';
import { formatAdvice } from './unreadable.js';

type Advisor = (observations: ProbeObservations) => string[];

/** Advice about typePath, textTypes, textPath and direction: worked out from the frames. */
const PATH_ADVISORS: readonly Advisor[] = [typeAdvice, textPathAdvice, directionAdvice];

/** Each looks at one kind of mistake; the order is the order a user would fix them in. */
const ADVISORS: readonly Advisor[] = [
  connectionAdvice,
  setupUrlAdvice,
  handshakeAdvice,
  agentErrorAdvice,
  paths,
  itemsLostAdvice,
  echoAdvice,
  joiningAdvice,
  indicatorAdvice,
  lateAdvice,
  silenceAdvice,
  formatAdvice,
];

/**
 * Path advice, unless the config worked (a reply was accepted and no item of a list was lost):
 * then the frames it dropped were meant to be dropped. Frames that report an error are left out:
 * their `error.message` is what went wrong, not where the text is.
 */
function paths(observations: ProbeObservations): string[] {
  if (gotReply(observations) && lostItems(observations) === null) return [];
  const errors = new Set(errorFrames(observations).map(({ frame }) => frame));
  const rest = { ...observations, frames: observations.frames.filter((frame) => !errors.has(frame)) };
  return PATH_ADVISORS.flatMap((advise) => advise(rest));
}

/** Concrete advice for whatever went wrong; a single all-clear when nothing did. */
export function adviseOn(observations: ProbeObservations): string[] {
  const advice = ADVISORS.flatMap((advise) => advise(observations));
  if (advice.length > 0) return advice;
  if (observations.error) return [`The probe ended with ${observations.error.code}: see the message above.`];
  return ['No problems found: the agent replied, and every frame was classified as expected.'];
}
