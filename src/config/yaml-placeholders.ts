import { isCollection, isMap, isPair, isScalar, isSeq, Scalar, visit, type Document, type Node } from 'yaml';
import type { ConfigIssue } from '../errors.js';

/**
 * Unquoted, `text: {{message}}` is YAML for a mapping whose key is another mapping, which JavaScript
 * cannot hold (the parser would stringify it and warn). It is always a placeholder that needed
 * quotes, so it is said as that, at its path. The document is mended in place (the mapping becomes
 * the string the user meant) so the rest of the file is still checked and every problem is listed
 * at once.
 */
export function unquotedPlaceholders(document: Document): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(document, {
    Map(_, map, ancestors) {
      const key = map.items.find((pair) => isCollection(pair.key))?.key as Node | undefined;
      if (!key) return undefined;
      const shown = placeholderText(key);
      issues.push({
        path: dotPath([...ancestors, map]),
        message: `a placeholder must be quoted in YAML: write "${shown}" (unquoted, YAML reads {{…}} as a nested mapping)`,
      });
      return new Scalar(shown);
    },
  });
  return issues;
}

/** `{{message}}` from the mapping YAML made of it. */
function placeholderText(key: Node): string {
  if (isMap(key) && key.items.length === 1 && isScalar(key.items[0]!.key)) return `{{${String(key.items[0]!.key.value)}}}`;
  return '{{…}}';
}

/** The dot path of the value the ancestors lead to: pair keys, and list indices. */
function dotPath(ancestors: readonly unknown[]): string {
  const segments: string[] = [];
  ancestors.forEach((node, index) => {
    if (isPair(node) && isScalar(node.key)) segments.push(String(node.key.value));
    else if (isSeq(node)) segments.push(String(node.items.indexOf(ancestors[index + 1] as never)));
  });
  return segments.join('.');
}
