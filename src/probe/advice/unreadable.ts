import type { ProbeObservations } from '../types.js';
import { frameCount } from './frames.js';

/** Frames Parley cannot read at all. */
export function formatAdvice(observations: ProbeObservations): string[] {
  // Empty frames are keepalives (Direct Line sends them): dropped, and rightly.
  const invalid = observations.frames.filter((frame) => frame.cls === 'invalidJson' && frame.shown.trim() !== '');
  const binary = observations.frames.filter((frame) => frame.cls === 'binary');
  const advice: string[] = [];
  if (invalid.length > 0) {
    const example = JSON.stringify(invalid[0]!.shown.slice(0, 40));
    const framing = observations.config.connection.framing;
    // Under another framing the frame was read, and what it carried was not JSON: no framing to suggest.
    const hint = framing.length === 1 && framing[0] === 'json'
      ? 'each text frame must be one JSON value (another frame format needs connection.framing: sockjs, signalr, stomp, or a codec)'
      : `each message inside the ${framing[0]} frames must be JSON`;
    advice.push(`${frameCount(invalid.length)} were not JSON (e.g. ${example}) and were dropped: ${hint}.`);
  }
  if (binary.length > 0) {
    advice.push(`${frameCount(binary.length)} were binary and were dropped: set connection.binaryFrames: text for UTF-8 JSON in binary frames, framing: msgpack for MessagePack, or a codec.`);
  }
  return advice;
}
