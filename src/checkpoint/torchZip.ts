// torch.save's zip format (PyTorch ≥ 1.6): <archive>/data.pkl, the pickled state dict whose tensors name their
// storages by key, and <archive>/data/<key>, each storage's raw bytes; <archive>/byteorder when the writer said
// which (absent = little-endian). <archive> is whatever folder name the writer chose.
import { decodeFloats, elementCount, itemSize } from './dtypes';
import { CheckpointError, corrupt, RESAVE } from './errors';
import { unpickle } from './pickle';
import { stateDictTensors, TORCH_HOOKS, type TensorRef } from './torchPickle';
import type { Checkpoint, TensorMeta } from './types';
import { readZipEntries, zipEntries, type ZipEntry } from './zip';

/** A state dict's pickle is a few bytes per tensor; more than this is not one. */
const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

export function openTorchZip(bytes: Uint8Array, maxBytes: number): Checkpoint {
  const entries = new Map<string, ZipEntry>();
  for (const entry of zipEntries(bytes)) entries.set(entry.name, entry);
  const archive = archiveFolder([...entries.keys()]);
  const pickleName = `${archive}/data.pkl`;
  const orderName = `${archive}/byteorder`;
  const head = readZipEntries(bytes, new Set([pickleName, orderName]), MAX_PICKLE_BYTES);
  const littleEndian = byteOrder(head.get(orderName));
  const refs = stateDictTensors(unpickle(head.get(pickleName) ?? new Uint8Array(), TORCH_HOOKS));

  const tensors = new Map<string, TensorMeta>();
  for (const [name, ref] of refs) {
    checkStorage(name, ref, entries.get(storageEntry(archive, ref)));
    tensors.set(name, { dtype: ref.layout.dtype, shape: ref.layout.shape });
  }
  return {
    format: 'pytorch',
    tensors,
    read(names) {
      const wanted = names.map((name) => {
        const ref = refs.get(name);
        if (!ref) throw new CheckpointError('internal', `No tensor named ${name} in this checkpoint.`);
        return { name, ref };
      });
      // No more bytes than the storages declare (each checked against its entry when the file was opened).
      const needed = new Map(wanted.map(({ ref }) => [storageEntry(archive, ref), ref.storage.numel * itemSize(ref.storage.dtype)]));
      const declared = [...needed.values()].reduce((sum, size) => sum + size, 0);
      if (declared > maxBytes) {
        throw new CheckpointError('limit', `The tensors asked for live in storages of ${declared.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} Unroll reads at once.`);
      }
      const storages = readZipEntries(bytes, new Set(needed.keys()), declared);
      const values = new Map<string, Float64Array>();
      for (const { name, ref } of wanted) {
        const storage = storages.get(storageEntry(archive, ref));
        if (!storage) throw corrupt(`The storage of ${name} is missing from this checkpoint.`);
        values.set(name, decodeFloats(name, storage, ref.layout, littleEndian));
      }
      return values;
    },
  };
}

/** The folder holding data.pkl; a TorchScript archive (code/, constants.pkl) is refused here. */
function archiveFolder(names: string[]): string {
  const pickles = names.filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  const folder = pickles.length > 0 ? pickles[0].slice(0, -'/data.pkl'.length) : undefined;
  const scripted = names.some((name) => /(^|\/)constants\.pkl$/.test(name) || /^[^/]+\/code\//.test(name));
  if (scripted) {
    throw new CheckpointError(
      'torchscript',
      "This is a TorchScript archive (torch.jit.save), which holds code as well as weights; Unroll reads plain state dicts. In Python: m = torch.jit.load('this.pt'); torch.save(m.state_dict(), 'model.pt')",
    );
  }
  if (folder === undefined) {
    throw new CheckpointError('format', `This zip file is not a PyTorch checkpoint: it has no data.pkl (is it a NumPy .npz or another kind of archive?). ${RESAVE}.`);
  }
  return folder;
}

function byteOrder(bytes: Uint8Array | undefined): boolean {
  if (bytes === undefined) return true;
  const order = new TextDecoder().decode(bytes).trim();
  if (order === 'little' || order === 'big') return order === 'little';
  throw corrupt(`This checkpoint's byteorder says ${JSON.stringify(order.slice(0, 20))}, neither "little" nor "big".`);
}

function storageEntry(archive: string, ref: TensorRef): string {
  return `${archive}/data/${ref.storage.key}`;
}

/** The storage must exist and hold what it declares; the tensor must fit in it. Sizes only: nothing is read. */
function checkStorage(name: string, ref: TensorRef, entry: ZipEntry | undefined): void {
  const { storage, layout } = ref;
  if (!entry) throw corrupt(`${name} refers to storage "${storage.key}", which this checkpoint does not contain: the file is damaged.`);
  const declared = storage.numel * itemSize(storage.dtype);
  if (!(declared <= entry.size)) {
    throw corrupt(`${name}'s storage declares ${storage.numel.toLocaleString('en-US')} ${storage.dtype} numbers, but the file holds only ${entry.size.toLocaleString('en-US')} bytes for it: the file is damaged.`);
  }
  const count = elementCount(layout.shape);
  let last = layout.offset;
  for (let d = 0; d < layout.shape.length; d++) last += Math.max(0, layout.shape[d] - 1) * layout.strides[d];
  if (count > 0 && !(last < storage.numel)) {
    throw corrupt(`${name} (shape ${layout.shape.join('×')}) reaches past the end of its storage of ${storage.numel.toLocaleString('en-US')} numbers: the file is damaged.`);
  }
}
