/** The framings Parley knows (README "Frame formats"); a leaf module, so the config can name them. */
export const FRAMING_NAMES = ['json', 'sockjs', 'signalr', 'stomp', 'msgpack'] as const;
export type FramingName = (typeof FRAMING_NAMES)[number];
/** Layers that carry the next layer's text rather than reading values themselves. */
export const WRAPPING_LAYERS: readonly FramingName[] = ['sockjs'];
/** Layers that read bytes, which no wrapping layer carries. */
export const BINARY_LAYERS: readonly FramingName[] = ['msgpack'];

/** The list a `connection.framing` value stands for: a wrapping layer alone, or last, carries JSON. */
export function framingLayers(framing: FramingName | readonly FramingName[]): FramingName[] {
  const layers = typeof framing === 'string' ? [framing] : [...framing];
  if (layers.length === 0 || WRAPPING_LAYERS.includes(layers.at(-1)!)) layers.push('json');
  return layers;
}
