import { compilePath } from '../../paths.js';
import { byCount, describeValues } from '../candidates.js';
import { gotReply, type ProbeObservations } from '../types.js';
import { frameCount } from './frames.js';

/** Direction filtering on, and it dropped the agent's own messages too: show the values seen. */
export function directionAdvice(observations: ProbeObservations): string[] {
  const { directionPath, outboundDirection } = observations.config.messages;
  if (!directionPath || outboundDirection === undefined || gotReply(observations)) return [];
  const dropped = observations.frames.filter((frame) => frame.cls === 'direction');
  if (dropped.length === 0) return [];
  const directionOf = compilePath(directionPath);
  const counts = new Map<string, number>();
  for (const frame of dropped) {
    const value = directionOf(frame.json);
    const shown = value === undefined ? '(missing)' : typeof value === 'string' ? value : JSON.stringify(value);
    counts.set(shown, (counts.get(shown) ?? 0) + 1);
  }
  return [
    `${frameCount(dropped.length)} were dropped by direction: values at directionPath \`${directionPath}\` were ` +
      `${describeValues(byCount(counts))}, and outboundDirection is ${outboundDirection.map((value) => `\`${value}\``).join(' or ')} (an exact, case-sensitive match). ` +
      'Set outboundDirection to the value the agent\'s own messages carry.',
  ];
}
