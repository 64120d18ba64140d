// Data files a careless or hostile spec names: devices, pipes, files outside the project, files that are not data.
// The answer is always a located problem, quickly, and never a line of a file that was not meant to be read.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileReader, parseSpec } from '../../../src/spec/index';
import { textFiles } from '../../../src/spec/files';
import type { ParseOptions, Problem } from '../../../src/spec/types';
import { baseSpec, text } from './helpers/specs';
import { loadMain, memoryIo } from '../cli/memoryIo';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\nNhAAAAAwEAAQAAAYEAxyz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL\n-----END OPENSSH PRIVATE KEY-----\n';

function csvSpec(file: string, columns = ['close'], target = 'close'): string {
  return text({ ...baseSpec(), data: { csv: { file, columns, targetColumn: target, window: 2, horizon: 1 } } });
}

function fileProblem(options: ParseOptions, file: string, columns?: string[], target?: string): Problem {
  const started = performance.now();
  const result = parseSpec(csvSpec(file, columns, target), options);
  assert.ok(performance.now() - started < 2000, 'answers at once');
  const problem = result.problems.find((p) => p.severity === 'error' && JSON.stringify(p.path).startsWith('["data","csv"'));
  assert.ok(problem, JSON.stringify(result.problems));
  return problem;
}

describe('hostile data files', () => {
  let dir: string;
  let project: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'unroll-hostile-'));
    project = join(dir, 'project');
    mkdirSync(join(project, 'data'), { recursive: true });
    writeFileSync(join(project, 'data', 'prices.csv'), 'date,close\n2024-01-01,10\n2024-01-02,11\n2024-01-03,12\n2024-01-04,13\n');
    writeFileSync(join(dir, 'secret.csv'), 'date,close\n2024-01-01,10\n2024-01-02,11\n2024-01-03,12\n');
    writeFileSync(join(project, 'passwd'), PASSWD);
    writeFileSync(join(project, 'id_rsa'), KEY);
    symlinkSync(join(dir, 'secret.csv'), join(project, 'link.csv'));
    symlinkSync(dir, join(project, 'up'));
    execFileSync('mkfifo', [join(project, 'fifo.csv')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const inProject = (): ParseOptions => ({ baseDir: project });
  const anywhere = (): ParseOptions => ({ baseDir: project, fileAccess: { allowOutside: true } });

  for (const device of ['/dev/zero', '/dev/urandom', '/dev/null']) {
    it(`${device} is refused as not a regular file, without reading it`, () => {
      const problem = fileProblem(anywhere(), device);
      assert.equal(problem.code, 'file');
      assert.match(problem.message, /not a regular file/);
    });
  }

  it('a FIFO is refused at once instead of waiting for a writer', () => {
    assert.match(fileProblem(inProject(), 'fifo.csv').message, /not a regular file/);
  });

  it('a folder is a folder', () => {
    assert.match(fileProblem(inProject(), 'data').message, /is a folder/);
  });

  it('files in the project, below the spec or through "..", are read', () => {
    const result = parseSpec(csvSpec('data/prices.csv'), inProject());
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
    const nested = parseSpec(csvSpec('../data/prices.csv'), { baseDir: join(project, 'data'), fileAccess: { root: project } });
    assert.deepEqual(nested.problems.filter((p) => p.severity === 'error'), []);
  });

  for (const [what, file] of [
    ['"..", out of the folder', '../secret.csv'],
    ['an absolute path outside', '/etc/passwd'],
    ['a symlink that points outside', 'link.csv'],
    ['a path through a linked folder', 'up/secret.csv'],
    ['a missing file outside (no hint whether it exists)', '../../no-such-file.csv'],
  ] as const) {
    it(`${what} is outside the folder: refused, and nothing of it is shown`, () => {
      const problem = fileProblem(inProject(), file);
      assert.equal(problem.code, 'file');
      assert.match(problem.message, /outside the workspace/);
      assert.doesNotMatch(problem.message, /root:|2024/);
    });
  }

  it('outside is read when allowed (the CLI, a trusted workspace)', () => {
    const result = parseSpec(csvSpec('link.csv'), anywhere());
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
  });

  it('/etc/passwd read on purpose: what was expected and the shape found, not its lines', () => {
    for (const options of [anywhere(), { readFile: textFiles({ passwd: PASSWD }) }]) {
      const problem = fileProblem(options, options.readFile ? 'passwd' : join(project, 'passwd'));
      assert.doesNotMatch(problem.message, /root|daemon|bash|nologin/);
      assert.match(problem.message, /does not look like the data a spec reads/);
      assert.match(problem.message, /3 lines of 1 field/);
    }
  });

  it('a key file: no line of it, even when the spec names its first line as a column', () => {
    const files = { readFile: textFiles({ id_rsa: KEY }) };
    const named = fileProblem(files, 'id_rsa', ['-----BEGIN OPENSSH PRIVATE KEY-----'], '-----BEGIN OPENSSH PRIVATE KEY-----');
    assert.doesNotMatch(named.message, /b3Bl|NhAA|END/);
    assert.match(named.message, /holds text, which is not a number/);
    assert.doesNotMatch(fileProblem(files, 'id_rsa').message, /BEGIN|b3Bl/);
  });

  it('binary bytes are not a text file', () => {
    const bytes = new Map([['x.csv', new Uint8Array([0x63, 0x6c, 0x6f, 0x73, 0x65, 0x0a, 0xff, 0xfe, 0x00, 0x31])]]);
    const problem = fileProblem({ readFile: (file) => bytes.get(file)! }, 'x.csv');
    assert.match(problem.message, /is not a text file/);
  });

  it('a real data file still gets its column names and stray cells quoted, to spot a typo', () => {
    const csv = 'date,close,volume\n2024-01-01,10,1\n2024-01-02,n/a,2\n2024-01-03,12,3\n2024-01-04,13,4\n';
    assert.match(fileProblem({ readFile: textFiles({ 'p.csv': csv }) }, 'p.csv', ['Close'], 'close').message, /Did you mean "close"\? Its columns are "date", "close", "volume"/);
    assert.match(fileProblem({ readFile: textFiles({ 'p.csv': csv }) }, 'p.csv').message, /holds "n\/a"/);
  });

  it('the byte cap holds for any file: at most cap + 1 bytes are read', () => {
    writeFileSync(join(project, 'big.csv'), 'x'.repeat(1000));
    const reader = nodeFileReader(project);
    assert.equal(reader('big.csv', 1000).byteLength, 1000);
    assert.throws(() => reader('big.csv', 999), (error: { code?: string }) => error.code === 'EFBIG');
    assert.throws(() => nodeFileReader(project, { allowOutside: true })('/dev/zero', 10), (error: { code?: string }) => error.code === 'ENOTFILE');
  });

  it('`unroll check` on a spec naming /etc/passwd and /dev/zero: exit 2, a located message, nothing of the file', async () => {
    const main = await loadMain();
    for (const file of ['/etc/passwd', '/dev/zero', join(project, 'fifo.csv')]) {
      writeFileSync(join(project, 'spec.rnn.json'), csvSpec(file));
      const io = memoryIo();
      const code = await main(['check', join(project, 'spec.rnn.json')], io);
      assert.equal(code, 2, io.stdout() + io.stderr());
      assert.match(io.stdout(), /spec\.rnn\.json:\d+:\d+: error: /);
      assert.doesNotMatch(io.stdout() + io.stderr(), /root:|internal error|\n\s+at /);
    }
  });

  it('`unroll check` of a spec that is itself a device or a pipe: exit 2 at once', async () => {
    const main = await loadMain();
    for (const spec of ['/dev/zero', join(project, 'fifo.csv')]) {
      const io = memoryIo();
      assert.equal(await main(['check', spec], io), 2);
      assert.match(io.stdout(), /not a regular file/);
    }
  });
});
