// What torch.save's pickle may mean, as an allow-list: an OrderedDict, tensors rebuilt from storages by
// torch._utils._rebuild_tensor_v2 (or _rebuild_parameter around one), and the storage types. PyTorch's own
// weights_only unpickler takes the same approach; this one builds descriptions (dtype, shape, strides, where the
// bytes are) and never calls anything. Every other global is refused with its name and what to do instead.
import { STORAGE_DTYPES, type DType, type Layout } from './dtypes';
import { CheckpointError, corrupt, RESAVE } from './errors';
import { describeValue, PickleDict, PickleList, type HookValue, type PickleHooks, type PickleValue } from './pickle';

/** A storage named by a persistent id: the bytes are the zip entry `<archive>/data/<key>`. */
export interface StorageRef extends HookValue {
  readonly kind: 'storage';
  readonly dtype: DType;
  readonly key: string;
  /** elements, as the file declares them (checked against the entry's size before any read) */
  readonly numel: number;
}

export interface TensorRef extends HookValue {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly layout: Layout;
}

type CallableName = 'OrderedDict' | '_rebuild_tensor_v2' | '_rebuild_parameter' | '_rebuild_parameter_with_state';

interface Callable extends HookValue {
  readonly kind: 'callable';
  readonly name: CallableName;
}

interface StorageType extends HookValue {
  readonly kind: 'storage type';
  readonly dtype: DType;
}

const ALLOWED: Record<string, CallableName> = {
  'collections.OrderedDict': 'OrderedDict',
  'torch._utils._rebuild_tensor_v2': '_rebuild_tensor_v2',
  'torch._utils._rebuild_parameter': '_rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state': '_rebuild_parameter_with_state',
};

/** More dimensions than any weight has; a bound so a hostile size tuple cannot make the decoder loop long. */
const MAX_DIMENSIONS = 8;

export const TORCH_HOOKS: PickleHooks = {
  global(module, name) {
    const callable = ALLOWED[`${module}.${name}`];
    if (callable) return { kind: 'callable', name: callable } satisfies Callable;
    if (module === 'torch' && STORAGE_DTYPES[name]) return { kind: 'storage type', dtype: STORAGE_DTYPES[name] } satisfies StorageType;
    throw refusedGlobal(module, name);
  },
  reduce(callable, args) {
    if (!isKind<Callable>(callable, 'callable')) throw corrupt(`The pickle in this checkpoint calls ${describeValue(callable)}, which is not a function.`);
    switch (callable.name) {
      case 'OrderedDict':
        if (args.length !== 0) throw corrupt('The pickle in this checkpoint builds an OrderedDict from arguments; torch.save never does.');
        return new PickleDict();
      case '_rebuild_tensor_v2':
        return rebuildTensor(args);
      case '_rebuild_parameter':
      case '_rebuild_parameter_with_state': {
        const tensor = args[0];
        if (!isKind<TensorRef>(tensor, 'tensor')) throw corrupt(`The pickle in this checkpoint wraps ${describeValue(tensor ?? null)} in a Parameter.`);
        return tensor;
      }
    }
  },
  build(object, state) {
    // OrderedDict's state is {"_metadata": …}: module versions, not tensors.
    if (object instanceof PickleDict && (state === null || state instanceof PickleDict)) return object;
    throw corrupt(`The pickle in this checkpoint sets the state of ${describeValue(object)}; a state dict only does that to its OrderedDict.`);
  },
  persistentLoad(pid) {
    // ('storage', torch.FloatStorage, key, location, numel)
    if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage') throw corrupt('This checkpoint names a storage in a way torch.save does not.');
    const [, type, key, location, numel] = pid as PickleValue[];
    if (!isKind<StorageType>(type, 'storage type') || typeof key !== 'string' || typeof location !== 'string' || !isCount(numel)) {
      throw corrupt('This checkpoint names a storage with values of the wrong kinds.');
    }
    return { kind: 'storage', dtype: type.dtype, key, numel } satisfies StorageRef;
  },
};

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
function rebuildTensor(args: readonly PickleValue[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if (args.length < 6 || args.length > 7 || !isKind<StorageRef>(storage, 'storage') || !isCount(offset) || !isCounts(size) || !isCounts(stride)) {
    throw corrupt('This checkpoint rebuilds a tensor with arguments torch.save does not write.');
  }
  if (size.length !== stride.length || size.length > MAX_DIMENSIONS) {
    throw corrupt(`This checkpoint describes a tensor with ${size.length} sizes and ${stride.length} strides; the file is damaged.`);
  }
  return { kind: 'tensor', storage, layout: { dtype: storage.dtype, shape: size, strides: stride, offset } };
}

function refusedGlobal(module: string, name: string): CheckpointError {
  const qualified = `${module}.${name}`;
  if (module === 'torch._utils' && name.startsWith('_rebuild_')) {
    return new CheckpointError('dtype', `This checkpoint holds a kind of tensor Unroll does not read (${qualified}: a quantized, sparse or otherwise special tensor). Save plain dense float tensors.`);
  }
  if (module === '__main__' || module.startsWith('torch.nn.') || /^[A-Z]/.test(name)) {
    return new CheckpointError(
      'module',
      `This file holds a pickled object of class ${qualified} (a whole model saved with torch.save(model)?), not only tensors. Unroll runs no code from a checkpoint, so it cannot rebuild it. ${RESAVE}.`,
    );
  }
  return new CheckpointError(
    'unsafe',
    `This file refers to ${qualified}, which a PyTorch state dict never uses. Unroll runs no code from a checkpoint and reads only tensors, so it stops here. If you made this file: ${RESAVE}.`,
  );
}

/** Limits of the walk through nested dictionaries (a training checkpoint nests the model's state dict). */
const MAX_DEPTH = 16;
const MAX_ENTRIES = 1_000_000;

/**
 * Every tensor in the unpickled value, by its dotted name: a state dict's keys as they are, and a nested
 * dictionary's joined with dots ({"model": {"rnn.weight_ih_l0": …}} → "model.rnn.weight_ih_l0").
 */
export function stateDictTensors(root: PickleValue): Map<string, TensorRef> {
  if (!(root instanceof PickleDict)) {
    const what = isKind<TensorRef>(root, 'tensor') ? 'a single tensor' : root instanceof PickleList ? 'a list' : describeValue(root);
    throw new CheckpointError('module', `This checkpoint holds ${what}, not a state dict (a dictionary of named tensors). ${RESAVE}.`);
  }
  const tensors = new Map<string, TensorRef>();
  const seen = new Set<PickleDict>();
  const pending: { prefix: string; dict: PickleDict; depth: number }[] = [{ prefix: '', dict: root, depth: 0 }];
  let visited = 0;
  for (let next = 0; next < pending.length; next++) {
    const { prefix, dict, depth } = pending[next];
    if (seen.has(dict) || depth > MAX_DEPTH) continue;
    seen.add(dict);
    for (const [key, value] of dict.entries) {
      if (++visited > MAX_ENTRIES) throw new CheckpointError('limit', 'This checkpoint has more than a million named values; Unroll reads smaller state dicts.');
      const name = `${prefix}${key}`;
      if (isKind<TensorRef>(value, 'tensor')) {
        if (!tensors.has(name)) tensors.set(name, value);
      } else if (value instanceof PickleDict) {
        pending.push({ prefix: `${name}.`, dict: value, depth: depth + 1 });
      }
    }
  }
  return tensors;
}

function isKind<T extends HookValue>(value: PickleValue | undefined, kind: T['kind']): value is PickleValue & T {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as HookValue).kind === kind;
}

function isCount(value: PickleValue | undefined): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isCounts(value: PickleValue | undefined): value is number[] {
  return Array.isArray(value) && value.every((item) => isCount(item));
}
