import type { ProbeObservations } from '../types.js';
import { connectionAdvice } from './connection.js';
import { directionAdvice } from './direction.js';
import { echoAdvice } from './echo.js';
import { handshakeAdvice } from './handshake.js';
import { lateAdvice } from './late.js';
import { silenceAdvice } from './silence.js';
import { textPathAdvice } from './text-path.js';
import { typeAdvice } from './types.js';
import { formatAdvice } from './unreadable.js';

/** Each looks at one kind of mistake; the order is the order a user would fix them in. */
const ADVISORS: ReadonlyArray<(observations: ProbeObservations) => string[]> = [
  connectionAdvice,
  handshakeAdvice,
  typeAdvice,
  textPathAdvice,
  directionAdvice,
  echoAdvice,
  lateAdvice,
  silenceAdvice,
  formatAdvice,
];

/** Concrete advice for whatever went wrong; a single all-clear when nothing did. */
export function adviseOn(observations: ProbeObservations): string[] {
  const advice = ADVISORS.flatMap((advise) => advise(observations));
  if (advice.length > 0) return advice;
  if (observations.error) return [`The probe ended with ${observations.error.code}: see the message above.`];
  return ['No problems found: the agent replied, and every frame was classified as expected.'];
}
