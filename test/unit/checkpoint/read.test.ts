import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { bfloat16ToNumber, halfToNumber } from '../../../src/checkpoint/dtypes';
import { readCheckpoint, readTensors } from '../../../src/checkpoint/read';
import type { Checkpoint } from '../../../src/checkpoint/types';
import { expectedTensors, fixtureBytes } from './helpers';

function open(name: string): Checkpoint {
  const result = readCheckpoint(fixtureBytes(name), name);
  assert.ok(result.ok, `${name}: ${result.ok ? '' : result.message}`);
  return result.value;
}

function refusal(name: string | Uint8Array, read?: string[]): { code: string; message: string } {
  const bytes = typeof name === 'string' ? fixtureBytes(name) : name;
  const opened = readCheckpoint(bytes, typeof name === 'string' ? name : 'bytes');
  if (!opened.ok) return opened;
  assert.ok(read, 'the file opened, but a refusal was expected');
  const values = readTensors(opened.value, read);
  assert.ok(!values.ok, 'the tensors were read, but a refusal was expected');
  return values;
}

describe('checkpoint reader', () => {
  describe('files PyTorch saved', () => {
    const expected = expectedTensors();
    for (const [file, tensors] of Object.entries(expected)) {
      it(`${file}: every tensor's dtype, shape and exact float64 values`, () => {
        const checkpoint = open(file);
        const names = Object.keys(tensors);
        for (const name of names) {
          assert.equal(checkpoint.tensors.get(name)?.dtype, tensors[name].dtype, name);
          assert.deepEqual(checkpoint.tensors.get(name)?.shape, tensors[name].shape, name);
        }
        const read = readTensors(checkpoint, names.filter((n) => !['int64', 'bool'].includes(tensors[n].dtype)));
        assert.ok(read.ok, read.ok ? '' : read.message);
        for (const [name, values] of read.value) assert.deepEqual(Array.from(values), [tensors[name].values].flat(2), name);
      });
    }

    it('reads a training checkpoint: the state dict nested under "model", the optimizer and an int64 buffer beside it', () => {
      const checkpoint = open('training-checkpoint.pt');
      assert.equal(checkpoint.tensors.get('model.norm.num_batches_tracked')?.dtype, 'int64');
      assert.deepEqual(checkpoint.tensors.get('optimizer.state.0.exp_avg')?.shape, [6, 2]);
    });

    it('honours a big-endian byteorder record and an archive folder with any name', () => {
      const big = readTensors(open('big-endian.pt'), ['fc.bias']);
      const little = readTensors(open('rnn.pt'), ['fc.bias']);
      assert.ok(big.ok && little.ok);
      assert.deepEqual(big.value.get('fc.bias'), little.value.get('fc.bias'));
    });

    it('follows strides and offsets into a shared storage (a transposed weight, flattened parameters)', () => {
      const expected = expectedTensors()['views.pt'];
      const read = readTensors(open('views.pt'), ['rnn.weight_ih_l0', 'rnn.bias_hh_l0']);
      assert.ok(read.ok);
      assert.deepEqual(Array.from(read.value.get('rnn.weight_ih_l0')!), (expected['rnn.weight_ih_l0'].values as number[][]).flat());
      assert.deepEqual(Array.from(read.value.get('rnn.bias_hh_l0')!), expected['rnn.bias_hh_l0'].values);
    });
  });

  describe('files that are refused, with what to do instead', () => {
    const cases: [string, string, RegExp, string[]?][] = [
      ['whole-module.pt', 'module', /__main__\.Seq.*torch\.save\(model\.state_dict\(\), 'model\.pt'\)/],
      ['single-tensor.pt', 'module', /a single tensor, not a state dict/],
      ['legacy.pt', 'legacy', /legacy format.*_use_new_zipfile_serialization=False.*torch\.save\(torch\.load/],
      ['torchscript.pt', 'torchscript', /TorchScript.*torch\.jit\.load.*state_dict\(\)/],
      ['os-system.pt', 'unsafe', /posix\.system, which a PyTorch state dict never uses/],
      ['os-system.pkl', 'legacy', /plain Python pickle/],
      ['truncated.pt', 'corrupt', /truncated or damaged/],
      ['truncated.safetensors', 'corrupt', /truncated or damaged/],
      ['huge-storage.pt', 'corrupt', /1,099,511,627,776 float32 numbers, but the file holds only 16 bytes/],
      ['huge-shape.pt', 'corrupt', /100000×100000\) reaches past the end of its storage of 4 numbers/],
      ['huge-broadcast.pt', 'limit', /4,294,967,296 numbers/, ['w']],
      ['int64.pt', 'dtype', /int64 numbers; Unroll reads float32, float64, float16 and bfloat16/, ['weight_ih_l0']],
    ];
    for (const [file, code, message, read] of cases) {
      it(`${file}: ${code}`, () => {
        const result = refusal(file, read);
        assert.equal(result.code, code, result.message);
        assert.match(result.message, message);
      });
    }

    it('an empty file, random bytes and a zip without data.pkl', () => {
      assert.equal(refusal(new Uint8Array()).code, 'format');
      assert.equal(refusal(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).code, 'format');
      const npz = fixtureBytes('rnn.pt').slice();
      // rename every "rnn/data.pkl" to "rnn/data.pkX" in place: the archive stays a valid zip
      const text = new TextDecoder('latin1').decode(npz);
      for (let at = text.indexOf('data.pkl'); at >= 0; at = text.indexOf('data.pkl', at + 1)) npz[at + 7] = 0x58;
      assert.match(refusal(npz).message, /no data\.pkl/);
    });
  });

  describe('hand-made zips', () => {
    const zipOf = (pickle: number[], level: 0 | 6 = 0) => zipSync({ 'archive/data.pkl': [new Uint8Array(pickle), { level }] });

    it('refuses a zip bomb by its declared size, before inflating anything', () => {
      const zip = zipOf(Array.from({ length: 4096 }, () => 0x4e), 6);
      const view = new DataView(zip.buffer);
      for (let at = 0; at + 4 < zip.length; at++) {
        if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 0xfffffff0, true); // central directory: uncompressed size
      }
      const result = refusal(zip);
      assert.equal(result.code, 'limit');
      assert.match(result.message, /declares 4,294,967,280 bytes/);
    });

    it('names an opcode a state dict never uses', () => {
      const result = refusal(zipOf([0x80, 0x02, 0x29, 0x29, 0x81, 0x2e]));
      assert.equal(result.code, 'corrupt');
      assert.match(result.message, /opcode 0x81 \(NEWOBJ\)/);
    });

    it('walks a dictionary that contains itself once', () => {
      // {}, memo 0; MARK "a" <memo 0> SETITEMS: d["a"] = d
      const result = readCheckpoint(zipOf([0x80, 0x02, 0x7d, 0x71, 0x00, 0x28, 0x58, 1, 0, 0, 0, 0x61, 0x68, 0x00, 0x75, 0x2e]));
      assert.ok(result.ok);
      assert.equal(result.value.tensors.size, 0);
    });
  });

  describe('damaged files never throw', () => {
    for (const file of ['lstm-nested.pt', 'lstm.safetensors']) {
      it(`${file}: every truncation and thousands of flipped bytes give a value, not an exception`, () => {
        const whole = fixtureBytes(file);
        const outcomes = new Set<string>();
        const attempt = (bytes: Uint8Array) => {
          const opened = readCheckpoint(bytes, file);
          if (!opened.ok) return outcomes.add(opened.code);
          const read = readTensors(opened.value, [...opened.value.tensors.keys()]);
          outcomes.add(read.ok ? 'ok' : read.code);
        };
        for (let cut = 0; cut < whole.length; cut += 7) attempt(whole.subarray(0, cut));
        // Every byte inverted, and the low bit of every byte of the first kilobytes (headers and the pickle).
        for (let at = 0; at < whole.length; at++) {
          for (const mask of at < 1500 ? [0x01, 0xff] : [0xff]) {
            const bytes = whole.slice();
            bytes[at] ^= mask;
            attempt(bytes);
          }
        }
        assert.ok(!outcomes.has('internal'), `an internal error: ${[...outcomes].join(', ')}`);
        assert.ok(outcomes.has('ok') && outcomes.has('corrupt'), [...outcomes].join(', '));
      });
    }
  });

  describe('number formats', () => {
    it('float16 to float64, exactly', () => {
      assert.equal(halfToNumber(0x3c00), 1);
      assert.equal(halfToNumber(0xc000), -2);
      assert.equal(halfToNumber(0x7bff), 65504);
      assert.equal(halfToNumber(0x0001), 2 ** -24);
      assert.equal(halfToNumber(0x3555), 0.333251953125);
      assert.equal(halfToNumber(0x7c00), Infinity);
      assert.ok(Number.isNaN(halfToNumber(0x7e00)));
      assert.ok(Object.is(halfToNumber(0x8000), -0));
    });

    it('bfloat16 to float64, exactly', () => {
      assert.equal(bfloat16ToNumber(0x3f80), 1);
      assert.equal(bfloat16ToNumber(0x4049), 3.140625);
      assert.equal(bfloat16ToNumber(0xff80), -Infinity);
    });
  });
});
