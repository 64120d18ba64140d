// The document as text and as a jsonc-parser tree: JSON paths to exact ranges, offsets to 1-based line/column,
// and problems built against both. Everything downstream talks about paths; this file turns them into ranges.
// A hostile document has 150,000 keys in one object and a problem for each: every lookup goes through an index
// of the tree built once per object or list (key → property, child → position), never a scan of its children.
import { parseTree, type Node, type ParseError } from './jsonc';
import type { FixSource } from './problems';
import type { Problem, Severity } from './types';

export type JsonPath = (string | number)[];

/** The first few of something found in a document, and how many there are in all. */
export interface Found<T> {
  found: T[];
  total: number;
}

export interface TextRange {
  offset: number;
  length: number;
}

export interface ProblemInit {
  message: string;
  path: JsonPath;
  code: string;
  severity?: Severity;
  /** computed only if the problem is kept (and, in the editor, only when its quick fixes are asked for) */
  fixes?: FixSource;
}

/** A problem as the checks build it: its fixes are still a recipe (see problems.ts). */
export type DraftProblem = Problem & { pendingFixes?: FixSource };

export class JsonDocument {
  private readonly lineStarts: number[];
  /** per object: its last property of each key (the one whose value is used) */
  private readonly keyIndex = new Map<Node, Map<string, Node>>();
  /** per child of an object or list whose siblings were indexed: its position among them */
  private readonly positions = new Map<Node, number>();

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

  problem(range: TextRange, init: ProblemInit): DraftProblem {
    const offset = clamp(range.offset, 0, this.text.length);
    const length = clamp(range.length, 0, this.text.length - offset);
    const { line, column } = this.position(offset);
    const problem: DraftProblem = {
      message: init.message,
      severity: init.severity ?? 'error',
      offset,
      length,
      line,
      column,
      path: init.path,
      code: init.code,
    };
    if (init.fixes) problem.pendingFixes = init.fixes;
    return problem;
  }

  /** The whole document as a plain JavaScript value. JSON.parse gives the same value as the tree (the last of
   *  duplicate keys, own "__proto__" properties, 1e999 as Infinity) many times faster, when the text is strict JSON. */
  value(): unknown {
    if (!this.root) return undefined;
    try {
      return JSON.parse(this.text.charCodeAt(0) === 0xfeff ? this.text.slice(1) : this.text);
    } catch {
      return this.toValue(); // comments or trailing commas
    }
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
          // Assignment makes an own property for every name but "__proto__", whose setter would change the
          // prototype instead; defineProperty is slow on objects with many keys, so it is kept for that one name.
          if (key.value === '__proto__') Object.defineProperty(object, key.value, { value: this.toValue(value), enumerable: true, writable: true, configurable: true });
          else object[key.value] = this.toValue(value);
        }
        return object;
      }
      case 'array':
        return (node.children ?? []).map((child) => this.toValue(child));
      default:
        return node.value;
    }
  }

  /**
   * In one walk of the tree (a big document has hundreds of thousands of nodes): properties given twice in the
   * same object (the earlier, ignored keys' ranges, with their paths), and numbers whose value is not finite
   * (written as 1e999 and the like). Of each, the first `limit` in document order, and how many there are.
   */
  repeatsAndOverflows(limit = Infinity): { duplicates: Found<{ range: TextRange; path: JsonPath; key: string }>; overflows: Found<{ node: Node; path: JsonPath }> } {
    const duplicates: Found<{ range: TextRange; path: JsonPath; key: string }> = { found: [], total: 0 };
    const overflows: Found<{ node: Node; path: JsonPath }> = { found: [], total: 0 };
    this.walk((node) => {
      if (node.type === 'number') {
        if (!Number.isFinite(node.value) && overflows.total++ < limit) overflows.found.push({ node, path: this.pathOf(node) });
        return;
      }
      if (node.type !== 'object' || !node.children || node.children.length < 2) return;
      // The map of keys seen so far ends as the object's key index (key → its last property): kept for lookups.
      const seen = new Map<string, Node>();
      let objectPath: JsonPath | undefined;
      for (const property of node.children) {
        const key = property.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        const earlier = seen.get(key.value)?.children?.[0];
        if (earlier && duplicates.total++ < limit) {
          duplicates.found.push({ range: { offset: earlier.offset, length: earlier.length }, path: [...(objectPath ??= this.pathOf(node)), key.value], key: key.value });
        }
        seen.set(key.value, property);
      }
      this.keyIndex.set(node, seen);
    });
    return { duplicates, overflows };
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

  /** The JSON path of a node of the tree (jsonc-parser's getNodePath, without its scan of every list on the way). */
  pathOf(node: Node): JsonPath {
    const path: JsonPath = [];
    let child = node;
    while (child.parent) {
      const parent = child.parent;
      if (parent.type === 'property') {
        path.push(String(parent.children?.[0]?.value));
        if (!parent.parent) break;
        child = parent.parent;
      } else {
        if (parent.type === 'array') path.push(this.positionOf(child));
        child = parent;
      }
    }
    return path.reverse();
  }

  /** Where a property sits among its object's properties, or an item in its list. */
  positionOf(child: Node): number {
    let position = this.positions.get(child);
    if (position === undefined) {
      (child.parent?.children ?? []).forEach((sibling, i) => this.positions.set(sibling, i));
      position = this.positions.get(child) ?? -1;
    }
    return position;
  }

  private propertyOf(object: Node, key: string): Node | undefined {
    let index = this.keyIndex.get(object);
    if (!index) {
      index = new Map();
      for (const property of object.children ?? []) {
        const name = property.children?.[0]?.value;
        if (typeof name === 'string') index.set(name, property);
      }
      this.keyIndex.set(object, index);
    }
    return index.get(key);
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
