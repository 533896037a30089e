import { isTokenLike, stringLeaves } from '../json-leaves.js';
import type { FrameRecord, ProbeObservations } from '../types.js';

const DIRECTION_KEY = /direction|from|sender|role|author|origin|source|side|speaker|who|participant/i;

/** Frames holding the user's own message word for word: the agent echoing us. */
function echoesOf(observations: ProbeObservations): FrameRecord[] {
  const sent = observations.message.trim();
  return observations.frames.filter(
    (frame) => frame.phase !== 'handshake' && stringLeaves(frame.json).some((leaf) => leaf.value.trim() === sent),
  );
}

/**
 * Echoes accepted as the agent's text because direction filtering is off. Suggests the field that
 * tells the echo from the agent's own messages, when the frames show one.
 */
export function echoAdvice(observations: ProbeObservations): string[] {
  const { messages } = observations.config;
  if (messages.directionPath && (messages.outboundDirection !== undefined || messages.inboundDirection !== undefined)) return [];
  const echoes = echoesOf(observations).filter((frame) => frame.cls === 'text');
  if (echoes.length === 0) return [];
  const head =
    `${echoes.length === 1 ? 'A frame' : `${echoes.length} frames`} repeated your own message ${JSON.stringify(observations.message)} ` +
    'and counted as the agent\'s text (it is in the reply): the agent echoes user messages and no direction filter is set.';
  const agentFrames = observations.frames.filter((frame) => frame.cls === 'text' && !echoes.includes(frame));
  const field = directionField(echoes[0]!, agentFrames);
  if (!field) return [`${head}\nSet messages.directionPath to the field that says who sent a frame, and outboundDirection to the agent's value.`];
  const agentValue = field.agentValue ?? '<the value on the agent\'s own messages>';
  return [
    `${head}\nThe echo has \`${field.path}\` = \`${field.echoValue}\`${field.agentValue ? `; the agent's messages have \`${field.agentValue}\`` : ''}. ` +
      `Set directionPath: ${field.path} and outboundDirection: ${agentValue}.`,
  ];
}

interface DirectionField {
  path: string;
  echoValue: string;
  agentValue?: string;
}

/** A field whose value differs between the echo and the agent's messages, named like a direction preferred. */
function directionField(echo: FrameRecord, agentFrames: readonly FrameRecord[]): DirectionField | null {
  const echoLeaves = stringLeaves(echo.json).filter((leaf) => isTokenLike(leaf.value));
  const named = (path: string) => DIRECTION_KEY.test(path.split('.').at(-1) ?? '');
  const differing: DirectionField[] = [];
  for (const leaf of echoLeaves) {
    const other = agentFrames.flatMap((frame) => stringLeaves(frame.json)).find((found) => found.path === leaf.path && found.value !== leaf.value);
    if (other) differing.push({ path: leaf.path, echoValue: leaf.value, agentValue: other.value });
  }
  const best = differing.find((field) => named(field.path)) ?? differing[0];
  if (best) return best;
  const guess = echoLeaves.find((leaf) => named(leaf.path));
  return guess ? { path: guess.path, echoValue: guess.value } : null;
}
