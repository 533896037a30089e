import { compilePath } from '../../paths.js';
import { errorPathIn, errorReported } from '../error-frames.js';
import type { FrameRecord, ProbeObservations } from '../types.js';

/** Frames that look like the agent reporting an error (and were not classified as one already). */
export function errorFrames(observations: ProbeObservations): Array<{ frame: FrameRecord; message: string }> {
  const typeOf = compilePath(observations.config.messages.typePath);
  return observations.frames.flatMap((frame) => {
    if (frame.cls === 'error' || frame.cls === 'text') return [];
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
  const setting =
    typeof type === 'string' && !errorTypes.includes(type)
      ? ` To end a turn on it at once (agent-error) instead of waiting for a reply, set errorTypes: [${type}]${errorPath ? ` and errorPath: ${errorPath}` : ''}.`
      : '';
  const more = found.length > 1 ? ` (and ${found.length - 1} more error frame${found.length > 2 ? 's' : ''})` : '';
  return [
    ...lines,
    `The agent reported an error (frame #${frame.index}${more}): ${observations.redact(message)}. ` +
      `This is the agent refusing or failing, not a path to fix in the config: check what was sent (messages.sendTemplate, connection.init).${setting}`,
  ];
}
