import { decode, encode } from '@msgpack/msgpack';
import { invalidFrame, type Layer } from './types.js';

/** `msgpack`: every frame is one binary MessagePack value, both ways. */
export function msgpackLayer(): Layer {
  return {
    binary: true,
    decode(input) {
      if (typeof input === 'string') return [invalidFrame('a text frame (MessagePack frames are binary)', input)];
      try {
        return [{ kind: 'message', value: decode(input) }];
      } catch (error) {
        return [invalidFrame(`not MessagePack: ${error instanceof Error ? error.message : String(error)}`)];
      }
    },
    encode: (value) => encode(value),
  };
}
