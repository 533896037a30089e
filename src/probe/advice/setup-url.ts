import { stringLeaves } from '../json-leaves.js';
import type { ProbeObservations } from '../types.js';

const WS_URL = /^wss?:\/\//i;

/** No WebSocket URL at websocketUrlPath: point at the ws:// or wss:// URLs the response does hold. */
export function setupUrlAdvice(observations: ProbeObservations): string[] {
  const { error, setupBody, config } = observations;
  if (error?.code !== 'setup-no-url' || setupBody === null) return [];
  const path = config.connection.setup?.websocketUrlPath ?? '';
  const found = stringLeaves(setupBody).filter((leaf) => WS_URL.test(leaf.value.trim()));
  if (found.length === 0) {
    return [`The setup response (shown above) holds no ws:// or wss:// URL anywhere, so websocketUrlPath \`${path}\` cannot be fixed by a path: the socket URL must come from somewhere else.`];
  }
  const [best, ...others] = found;
  const also = others.length > 0 ? ` (also at ${others.map((leaf) => `\`${leaf.path}\``).join(', ')})` : '';
  return [
    `The setup response has no WebSocket URL at websocketUrlPath \`${path}\`, but it holds one at \`${best!.path}\`${also}.\n` +
      `Set connection.setup.websocketUrlPath: ${best!.path}.`,
  ];
}
