import type { InboundClass } from '../../../machines/types.js';
import { compilePath } from '../../paths.js';
import { errorPathIn, errorReported, looksLikeErrorType, errorWhenFor } from '../error-frames.js';
import { gotReply, type FrameRecord, type ProbeObservations } from '../types.js';

/** Classes the config already puts to use: advice must never turn such a frame into an error or a drop. */
const USED: ReadonlySet<InboundClass> = new Set(['error', 'text', 'ready', 'turnEnd', 'typing', 'end', 'autoReply']);

/** The type values of the frames the config uses (ready, awaited, text, turn ends…). */
export function usedTypes(observations: ProbeObservations): Set<unknown> {
  const { typePath } = observations.config.messages;
  if (typePath === '') return new Set();
  const typeOf = compilePath(typePath);
  return new Set(observations.frames.filter((frame) => USED.has(frame.cls)).map((frame) => typeOf(frame.json)));
}

/** Frames that look like the agent reporting an error (and were not classified as one already, nor used). */
export function errorFrames(observations: ProbeObservations): Array<{ frame: FrameRecord; message: string }> {
  const typeOf = compilePath(observations.config.messages.typePath);
  return observations.frames.flatMap((frame) => {
    if (USED.has(frame.cls)) return [];
    const message = errorReported(frame.json, observations.config.messages.typePath === '' ? undefined : typeOf(frame.json));
    return message === null ? [] : [{ frame, message }];
  });
}

/**
 * An error frame is the agent saying something went wrong, not a frame whose text path is wrong:
 * report what it said, and how to make a run end on it at once (errorTypes) instead of waiting
 * out the response timeout.
 */
export function agentErrorAdvice(observations: ProbeObservations): string[] {
  const classified = observations.frames.filter((frame) => frame.cls === 'error');
  const lines = classified.map((frame) => `The agent reported an error (frame #${frame.index}): ${frame.detail ?? frame.shown}`);
  const found = errorFrames(observations);
  if (found.length === 0) return lines;
  const [{ frame, message }] = found as [{ frame: FrameRecord; message: string }];
  const { typePath, errorTypes } = observations.config.messages;
  const type = typePath === '' ? undefined : compilePath(typePath)(frame.json);
  const errorPath = errorPathIn(frame.json);
  const path = errorPath ? ` and errorPath: ${errorPath}` : '';
  // Only for an error that came instead of a reply; and errorTypes only for a type that is always
  // an error, else the frames of that type that report success (an ack) would fail every turn.
  const when = errorWhenFor(frame.json);
  const instead = ' To end a turn on it at once (agent-error) instead of waiting for a reply, set';
  let setting = '';
  if (!gotReply(observations) && typeof type === 'string' && !errorTypes.includes(type) && !usedTypes(observations).has(type)) {
    if (looksLikeErrorType(type)) setting = `${instead} errorTypes: [${type}]${path}.`;
    else if (when) setting = `${instead} errorWhen: [${when}]${path}.`;
  } else if (!gotReply(observations) && typeof type !== 'string' && when) {
    setting = `${instead} errorWhen: [${when}]${path}.`;
  }
  const more = found.length > 1 ? ` (and ${found.length - 1} more error frame${found.length > 2 ? 's' : ''})` : '';
  return [
    ...lines,
    `The agent reported an error (frame #${frame.index}${more}): ${observations.redact(message)}. ` +
      `This is the agent refusing or failing, not a path to fix in the config: check what was sent (messages.sendTemplate, connection.init).${setting}`,
  ];
}
