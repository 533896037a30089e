/**
 * Characters XML 1.0 cannot hold at all, not even as a character reference: control characters
 * other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. An agent's
 * reply may contain any of them; they become U+FFFD so the file still parses.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or an attribute value, escaped for XML (and HTML). Line breaks in attributes are kept as references. */
export function escapeXml(text: string, attribute = false): string {
  const escaped = text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (char) => ENTITIES[char]!);
  return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}
