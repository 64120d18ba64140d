// The document as text and as a jsonc-parser tree: JSON paths to exact ranges, offsets to 1-based line/column,
// and problems built against both. Everything downstream talks about paths; this file turns them into ranges.
import { getNodePath, parseTree, type Node, type ParseError } from './jsonc';
import type { Problem, ProblemFix, Severity } from './types';

export type JsonPath = (string | number)[];

export interface TextRange {
  offset: number;
  length: number;
}

export interface ProblemInit {
  message: string;
  path: JsonPath;
  code: string;
  severity?: Severity;
  fixes?: ProblemFix[];
}

export class JsonDocument {
  private readonly lineStarts: number[];

  private constructor(
    readonly text: string,
    readonly root: Node | undefined,
  ) {
    this.lineStarts = computeLineStarts(text);
  }

  /** Parse with comments and trailing commas allowed. The caller has bounded the nesting depth (the parser recurses). */
  static parse(text: string): { document: JsonDocument; syntaxErrors: ParseError[] } {
    const syntaxErrors: ParseError[] = [];
    // A byte-order mark is not JSON, but editors write it; a space keeps every offset where it was.
    const parsable = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    const root = parseTree(parsable, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
    return { document: new JsonDocument(text, root), syntaxErrors };
  }

  /** A document known only as text (before or without a tree), for problems found by scanning. */
  static textOnly(text: string): JsonDocument {
    return new JsonDocument(text, undefined);
  }

  /** The value node at `path`; for a key given twice, the last one (the one whose value is used). */
  nodeAt(path: JsonPath): Node | undefined {
    let node = this.root;
    for (const segment of path) {
      if (!node) return undefined;
      if (typeof segment === 'number') {
        node = node.type === 'array' ? node.children?.[segment] : undefined;
      } else {
        node = node.type === 'object' ? this.propertyOf(node, segment)?.children?.[1] : undefined;
      }
    }
    return node;
  }

  /** The `"key": value` property node whose value is at `path` (undefined for the root and array items). */
  propertyAt(path: JsonPath): Node | undefined {
    const last = path[path.length - 1];
    if (typeof last !== 'string') return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    return parent?.type === 'object' ? this.propertyOf(parent, last) : undefined;
  }

  /** The key string node of the property at `path`. */
  keyAt(path: JsonPath): Node | undefined {
    return this.propertyAt(path)?.children?.[0];
  }

  /** The range of the value at `path`, or of its nearest existing ancestor. */
  valueRange(path: JsonPath): TextRange {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth));
      if (node) return { offset: node.offset, length: node.length };
    }
    return { offset: 0, length: 0 };
  }

  /** Where to point at an object that lacks something: its key if it has one, else its opening brace. */
  ownerRange(path: JsonPath): TextRange {
    const key = this.keyAt(path);
    if (key) return { offset: key.offset, length: key.length };
    const node = this.nodeAt(path);
    if (node) return { offset: node.offset, length: Math.min(1, node.length) };
    return this.valueRange(path);
  }

  /** The key's range if the property exists, else the value's (nearest ancestor's) range. */
  keyRange(path: JsonPath): TextRange {
    const key = this.keyAt(path);
    return key ? { offset: key.offset, length: key.length } : this.valueRange(path);
  }

  /** True when the value at `path` is written in the text exactly as JSON.stringify would write this string (no escapes). */
  isPlainString(path: JsonPath): boolean {
    const node = this.nodeAt(path);
    return node?.type === 'string' && this.text.slice(node.offset, node.offset + node.length) === JSON.stringify(node.value);
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  /** Offset of the first character of the line `offset` is on. */
  lineStart(offset: number): number {
    return offset - (this.position(offset).column - 1);
  }

  problem(range: TextRange, init: ProblemInit): Problem {
    const offset = clamp(range.offset, 0, this.text.length);
    const length = clamp(range.length, 0, this.text.length - offset);
    const { line, column } = this.position(offset);
    const problem: Problem = {
      message: init.message,
      severity: init.severity ?? 'error',
      offset,
      length,
      line,
      column,
      path: init.path,
      code: init.code,
    };
    if (init.fixes && init.fixes.length > 0) problem.fixes = init.fixes;
    return problem;
  }

  /** A plain JavaScript value of the tree. Keys become own properties even when named "__proto__". */
  toValue(node: Node | undefined = this.root): unknown {
    if (!node) return undefined;
    switch (node.type) {
      case 'object': {
        const object: Record<string, unknown> = {};
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? [];
          if (!key || typeof key.value !== 'string') continue;
          Object.defineProperty(object, key.value, { value: this.toValue(value), enumerable: true, writable: true, configurable: true });
        }
        return object;
      }
      case 'array':
        return (node.children ?? []).map((child) => this.toValue(child));
      default:
        return node.value;
    }
  }

  /** Every property given twice in the same object: the earlier (ignored) keys' ranges, with their paths. */
  duplicateKeys(): { range: TextRange; path: JsonPath; key: string }[] {
    const found: { range: TextRange; path: JsonPath; key: string }[] = [];
    this.walk((node) => {
      if (node.type !== 'object' || !node.children || node.children.length < 2) return;
      const seen = new Map<string, Node>();
      for (const property of node.children) {
        const key = property.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        const earlier = seen.get(key.value);
        if (earlier) found.push({ range: { offset: earlier.offset, length: earlier.length }, path: [...getNodePath(node), key.value], key: key.value });
        seen.set(key.value, key);
      }
    });
    return found;
  }

  /** Number nodes whose value is not finite (written as 1e999 and the like), with their paths. */
  nonFiniteNumbers(): { node: Node; path: JsonPath }[] {
    const found: { node: Node; path: JsonPath }[] = [];
    this.walk((node) => {
      if (node.type === 'number' && !Number.isFinite(node.value)) found.push({ node, path: getNodePath(node) });
    });
    return found;
  }

  /** Every node, without recursion and without building paths (big documents have hundreds of thousands of nodes). */
  private walk(visit: (node: Node) => void): void {
    const stack: Node[] = this.root ? [this.root] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      visit(node);
      if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }

  private propertyOf(object: Node, key: string): Node | undefined {
    let found: Node | undefined;
    for (const property of object.children ?? []) if (property.children?.[0]?.value === key) found = property;
    return found;
  }
}

/** `model.weights["fc.weight"]`, `data.sequences[2].inputs`: how a path is named in messages. */
export function pathLabel(path: JsonPath): string {
  let label = '';
  for (const segment of path) {
    if (typeof segment === 'number') label += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) label += label ? `.${segment}` : segment;
    else label += `[${JSON.stringify(segment)}]`;
  }
  return label || 'the spec';
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) starts.push(i + 1);
  }
  return starts;
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, low), high) : low;
}
