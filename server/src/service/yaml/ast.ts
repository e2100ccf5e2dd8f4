/** Small read helpers over yaml-language-server's JSON-like AST. */
import type { ASTNode, ObjectASTNode, PropertyASTNode } from 'yaml-language-server/out/src/languageservice/jsonLanguageTypes.js';

export type { ASTNode, ObjectASTNode, PropertyASTNode };

/** A scalar's style as written: `PLAIN`, `QUOTE_DOUBLE`, `QUOTE_SINGLE`, `BLOCK_LITERAL`, `BLOCK_FOLDED`. */
export function scalarStyle(node: ASTNode | undefined): string | undefined {
  const internal = node?.internalNode as { type?: string } | undefined;
  return typeof internal?.type === 'string' ? internal.type : undefined;
}

export function isObject(node: ASTNode | undefined): node is ObjectASTNode {
  return node?.type === 'object';
}

/** The property of a map with this key, if any. */
export function property(node: ASTNode | undefined, key: string): PropertyASTNode | undefined {
  if (!isObject(node)) return undefined;
  return node.properties.find((p) => p.keyNode?.value === key);
}

/** The string value of a scalar at `key`, or undefined. */
export function stringAt(node: ASTNode | undefined, key: string): string | undefined {
  const value = property(node, key)?.valueNode;
  if (!value || value.type === 'object' || value.type === 'array' || value.value === null || value.value === undefined) return undefined;
  return String(value.value);
}

/** Where a path led: the final property (its value may be missing or not a map) and the properties passed on the way. */
export interface PathMatch {
  steps: PropertyASTNode[];
  /** The last property on the path. */
  property: PropertyASTNode;
}

/**
 * Follows a dotted path (`spec.templates[].metadata.annotations`) and returns every property it reaches.
 * `[]` visits every item of a sequence, `*` every value of a map. Missing intermediate maps end that branch.
 */
export function findPaths(root: ASTNode | undefined, path: string): PathMatch[] {
  const segments = path.split('.');
  const results: PathMatch[] = [];
  const walk = (node: ASTNode | undefined, index: number, steps: PropertyASTNode[]): void => {
    const segment = segments[index];
    if (segment === '*') {
      // Every value of the map: the path continues below each of them.
      if (isObject(node) && index < segments.length - 1) for (const p of node.properties) walk(p.valueNode, index + 1, [...steps, p]);
      return;
    }
    const many = segment.endsWith('[]');
    const key = many ? segment.slice(0, -2) : segment;
    const prop = property(node, key);
    if (!prop) return;
    const nextSteps = [...steps, prop];
    if (index === segments.length - 1) {
      results.push({ steps: nextSteps, property: prop });
      return;
    }
    if (many) {
      const seq = prop.valueNode;
      if (seq?.type === 'array') for (const item of seq.items) walk(item, index + 1, nextSteps);
    } else {
      walk(prop.valueNode, index + 1, nextSteps);
    }
  };
  walk(root, 0, []);
  return results;
}

/** Keys of a map's properties in order. */
export function keysOf(node: ASTNode | undefined): string[] {
  return isObject(node) ? node.properties.map((p) => String(p.keyNode?.value ?? '')) : [];
}

/** The raw source of a node's text range. */
export function sourceOf(node: ASTNode, text: string): string {
  return text.slice(node.offset, node.offset + node.length);
}
