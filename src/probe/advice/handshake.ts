import { describeValues, typeCandidates } from '../candidates.js';
import type { ProbeObservations } from '../types.js';
import { frameCount, jsonOf, typeValues } from './frames.js';

/** The ready message never came: say which types did, or that nothing came at all. */
export function handshakeAdvice(observations: ProbeObservations): string[] {
  const { error, config, frames } = observations;
  if (error?.code !== 'handshake-timeout') return [];
  const { readyType, timeoutSeconds } = config.handshake;
  const { typePath } = config.messages;
  const head = `The ready message never came: no frame had ${typePath} = \`${readyType}\` (handshake.readyType) within ${timeoutSeconds} s.`;
  const seen = frames.filter((frame) => frame.phase === 'handshake');
  if (seen.length === 0) {
    return [
      `${head}\nThe agent sent nothing at all after the socket opened. If it waits for a first message, set connection.init; ` +
        'if it never announces readiness, remove handshake.readyType.',
    ];
  }
  const types = typeValues(observations, seen);
  if (types.length > 0) {
    return [
      `${head}\nTypes that did come at ${typePath}: ${describeValues(types)}. ` +
        'Set handshake.readyType to the one that means "ready", or remove readyType if the agent does not announce readiness.',
    ];
  }
  const candidates = typeCandidates(jsonOf(seen));
  const hint = candidates.map((candidate) => `\`${candidate.path}\` (${describeValues(candidate.values)})`).join('; ');
  return [
    `${head}\nNone of the ${frameCount(seen.length)} that came had a value at ${typePath} (messages.typePath).` +
      (hint ? ` Fields that look like a type: ${hint}. Fix messages.typePath, then readyType.` : ''),
  ];
}
