// A pickle reader that evaluates nothing: the opcodes torch.save writes for a state dict (protocol 2, plus the
// few that protocols 3–5 add for the same values) and nothing else. It builds plain values; what GLOBAL, REDUCE,
// BUILD and persistent ids mean is decided by the caller's hooks, which accept an allow-list and refuse the rest.
// Every opcode consumes at least one byte and copies nothing it has not read, so the work is linear in the size.
import { corrupt } from './errors';

/** Values a hook builds (a global, a storage, a tensor): anything with a `kind`. */
export interface HookValue {
  readonly kind: string;
}

export class PickleDict implements HookValue {
  readonly kind = 'dict';
  readonly entries = new Map<string | number, PickleValue>();
}

/** A list (mutable, APPEND-able); tuples are plain arrays. */
export class PickleList implements HookValue {
  readonly kind = 'list';
  readonly items: PickleValue[] = [];
}

export type PickleValue = null | boolean | number | string | readonly PickleValue[] | HookValue;

export interface PickleHooks {
  /** GLOBAL module.name: the value that stands for it, or throw to refuse it. */
  global(module: string, name: string): PickleValue;
  /** REDUCE: call `callable` with `args`. */
  reduce(callable: PickleValue, args: readonly PickleValue[]): PickleValue;
  /** BUILD: give `object` its `state` (obj.__setstate__); returns the object. */
  build(object: PickleValue, state: PickleValue): PickleValue;
  /** BINPERSID: what the persistent id stands for (a storage in torch files). */
  persistentLoad(pid: PickleValue): PickleValue;
}

const utf8 = new TextDecoder('utf-8');

/** Names of opcodes we refuse, so the error can say what the file tried to do. */
const REFUSED: Record<number, string> = {
  0x81: 'NEWOBJ', 0x92: 'NEWOBJ_EX', 0x69: 'INST', 0x6f: 'OBJ', 0x50: 'PERSID', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4',
  0x8b: 'LONG4', 0x4c: 'LONG', 0x49: 'INT', 0x46: 'FLOAT', 0x53: 'STRING', 0x56: 'UNICODE', 0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES', 0x8e: 'BINBYTES8', 0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x67: 'GET', 0x70: 'PUT',
};

export function unpickle(bytes: Uint8Array, hooks: PickleHooks): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: PickleValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = 0;

  const need = (count: number): number => {
    if (pos + count > bytes.length) throw corrupt(`The pickle in this checkpoint ends in the middle of a value (byte ${pos} of ${bytes.length}): the file is truncated or damaged.`);
    const at = pos;
    pos += count;
    return at;
  };
  const pop = (): PickleValue => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1])) throw corrupt(`The pickle in this checkpoint is malformed (an empty stack at byte ${pos}).`);
    return stack.pop()!;
  };
  const top = (): PickleValue => {
    const value = pop();
    stack.push(value);
    return value;
  };
  const popMark = (): PickleValue[] => {
    const mark = marks.pop();
    if (mark === undefined) throw corrupt(`The pickle in this checkpoint is malformed (no MARK before byte ${pos}).`);
    return stack.splice(mark);
  };
  const text = (length: number): string => {
    const at = need(length);
    return utf8.decode(bytes.subarray(at, at + length));
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 1000) throw corrupt('The pickle in this checkpoint names a global without ending its line: the file is damaged.');
    const value = utf8.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return value;
  };
  const remember = (index: number) => memo.set(index, top());
  const recall = (index: number): PickleValue => {
    if (!memo.has(index)) throw corrupt(`The pickle in this checkpoint refers to memo entry ${index}, which was never stored: the file is damaged.`);
    return memo.get(index)!;
  };
  const setItems = (dict: PickleValue, items: PickleValue[]) => {
    if (!(dict instanceof PickleDict)) throw corrupt('The pickle in this checkpoint sets items on something that is not a dictionary.');
    for (let i = 0; i + 1 < items.length; i += 2) dict.entries.set(dictKey(items[i]), items[i + 1]);
  };
  const append = (list: PickleValue, items: PickleValue[]) => {
    if (!(list instanceof PickleList)) throw corrupt('The pickle in this checkpoint appends to something that is not a list.');
    list.items.push(...items);
  };

  while (pos < bytes.length) {
    const opcode = bytes[pos++];
    switch (opcode) {
      case 0x80: { // PROTO
        const protocol = bytes[need(1)];
        if (protocol < 2 || protocol > 5) throw corrupt(`This checkpoint's pickle uses protocol ${protocol}; torch.save writes 2 to 5.`);
        break;
      }
      case 0x95: // FRAME: an 8-byte length that only helps streaming readers
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length > 0) throw corrupt('The pickle in this checkpoint stops with an unfinished value: the file is damaged.');
        return stack[0];
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push(new PickleList());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: { // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x64: { // DICT
        const dict = new PickleDict();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x73: { // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: { // APPEND
        const value = pop();
        append(top(), [value]);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(view.getUint32(need(4), true)));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(bytes[need(1)]));
        break;
      case 0x4b: // BININT1
        stack.push(bytes[need(1)]);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x8a: { // LONG1: a little-endian two's-complement integer of n bytes
        const length = bytes[need(1)];
        const at = need(length);
        stack.push(long1(bytes.subarray(at, at + length)));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x71: // BINPUT
        remember(bytes[need(1)]);
        break;
      case 0x72: // LONG_BINPUT
        remember(view.getUint32(need(4), true));
        break;
      case 0x94: // MEMOIZE
        remember(memo.size);
        break;
      case 0x68: // BINGET
        stack.push(recall(bytes[need(1)]));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(recall(view.getUint32(need(4), true)));
        break;
      case 0x63: { // GLOBAL "module\nname\n"
        const module = line();
        stack.push(hooks.global(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw corrupt('The pickle in this checkpoint names a global that is not text.');
        stack.push(hooks.global(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const callable = pop();
        if (!Array.isArray(args)) throw corrupt('The pickle in this checkpoint calls something without an argument tuple.');
        stack.push(hooks.reduce(callable, args));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        stack.push(hooks.build(pop(), state));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      default: {
        const name = REFUSED[opcode];
        throw corrupt(
          `This checkpoint's pickle uses opcode 0x${opcode.toString(16).padStart(2, '0')}${name ? ` (${name})` : ''} at byte ${pos - 1}, which a PyTorch state dict never contains; Unroll reads only tensors and stops here.`,
        );
      }
    }
  }
  throw corrupt('The pickle in this checkpoint ends without its STOP opcode: the file is truncated or damaged.');
}

function dictKey(key: PickleValue): string | number {
  if (typeof key === 'string' || typeof key === 'number') return key;
  throw corrupt(`This checkpoint has a dictionary key that is ${describeValue(key)}; a state dict's keys are names.`);
}

function long1(digits: Uint8Array): number {
  if (digits.length === 0) return 0;
  let value = 0n;
  for (let i = digits.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(digits[i]);
  if (digits[digits.length - 1] & 0x80) value -= 1n << BigInt(8 * digits.length);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw corrupt(`This checkpoint holds the integer ${value}, far larger than any size a state dict needs: the file is damaged or hostile.`);
  }
  return Number(value);
}

/** How a value is named in messages. */
export function describeValue(value: PickleValue): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `a tuple of ${value.length}`;
  if (typeof value === 'object') return `a ${(value as HookValue).kind}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
  return `${typeof value === 'boolean' ? (value ? 'True' : 'False') : value}`;
}
