import { asText, type Layer, type Piece } from './types.js';

const INVALID_JSON: Piece = { kind: 'drop', class: 'invalidJson' };

/** `json`: the frame's text is one JSON value; a value goes out as its JSON text. */
export function jsonLayer(): Layer {
  return {
    decode(input) {
      try {
        return [{ kind: 'message', value: JSON.parse(asText(input)) as unknown }];
      } catch {
        return [INVALID_JSON];
      }
    },
    encode: (value) => JSON.stringify(value),
  };
}
