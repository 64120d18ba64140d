// The rule for where a spec's files may come from, as a pure function: paths as written, then as they really are.
import * as assert from 'node:assert/strict';
import { checkFileAccess, isInsideFolder, resolvePath } from '../../../src/spec/fileAccess';

/** A file system of symlinks: each prefix maps to where it really points; anything not listed is itself. */
function fakeRealPath(links: Record<string, string>, missing: string[] = []) {
  return (path: string): string => {
    if (missing.includes(path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    for (const [link, target] of Object.entries(links)) {
      if (path === link || path.startsWith(link + '/')) return target + path.slice(link.length);
    }
    return path;
  };
}

const place = { baseDir: '/ws/specs', root: '/ws', allowOutside: false };

describe('where spec files may come from', () => {
  it('resolves relative paths against the spec folder and "." and ".." as written', () => {
    assert.equal(resolvePath('/ws/specs', 'prices.csv'), '/ws/specs/prices.csv');
    assert.equal(resolvePath('/ws/specs', './data/../prices.csv'), '/ws/specs/prices.csv');
    assert.equal(resolvePath('/ws/specs', '../../../../etc/passwd'), '/etc/passwd');
    assert.equal(resolvePath('/ws/specs', '/etc//passwd'), '/etc/passwd');
    assert.equal(resolvePath('C:\\ws\\specs', '..\\data\\p.csv'), 'C:\\ws\\data\\p.csv');
    assert.equal(resolvePath('C:\\ws\\specs', 'D:/x.csv'), 'D:\\x.csv');
    assert.equal(resolvePath('\\\\server\\share\\specs', '..\\..\\..\\x.csv'), '\\\\server\\share\\x.csv');
  });

  it('inside means the folder itself or below it, segment by segment', () => {
    assert.ok(isInsideFolder('/ws/a.csv', '/ws'));
    assert.ok(isInsideFolder('/ws', '/ws'));
    assert.ok(!isInsideFolder('/ws2/a.csv', '/ws'), 'a folder whose name starts the same is not inside');
    assert.ok(!isInsideFolder('/a.csv', '/ws'));
    assert.ok(isInsideFolder('/anything', '/'));
    assert.ok(isInsideFolder('c:\\WS\\a.csv', 'C:\\ws'), 'Windows paths ignore case');
    assert.ok(!isInsideFolder('D:\\ws\\a.csv', 'C:\\ws'));
  });

  it('allows files inside the root, relative or absolute', () => {
    assert.deepEqual(checkFileAccess('prices.csv', place, fakeRealPath({})), { ok: true, path: '/ws/specs/prices.csv' });
    assert.deepEqual(checkFileAccess('../data/p.csv', place, fakeRealPath({})), { ok: true, path: '/ws/data/p.csv' });
    assert.deepEqual(checkFileAccess('/ws/data/p.csv', place, fakeRealPath({})), { ok: true, path: '/ws/data/p.csv' });
  });

  it('refuses ".." and absolute paths out of the root, without asking whether they exist', () => {
    const realPath = (path: string) => {
      assert.ok(path.startsWith('/ws'), `asked about ${path}`);
      return path;
    };
    assert.equal(checkFileAccess('../../etc/passwd', place, realPath).ok, false);
    assert.equal(checkFileAccess('/etc/passwd', place, realPath).ok, false);
    assert.equal(checkFileAccess('/ws2/x.csv', place, realPath).ok, false);
  });

  it('refuses a symlink inside that points outside, and follows one that stays inside', () => {
    const links = fakeRealPath({ '/ws/specs/out.csv': '/home/me/.ssh/id_rsa', '/ws/specs/up': '/home', '/ws/specs/in.csv': '/ws/data/p.csv' });
    assert.equal(checkFileAccess('out.csv', place, links).ok, false);
    assert.equal(checkFileAccess('up/me/x.csv', place, links).ok, false);
    assert.deepEqual(checkFileAccess('in.csv', place, links), { ok: true, path: '/ws/data/p.csv' });
  });

  it('a root that is itself a symlink: paths through either name are inside', () => {
    const links = fakeRealPath({ '/ws': '/data/ws' });
    assert.deepEqual(checkFileAccess('p.csv', place, links), { ok: true, path: '/data/ws/specs/p.csv' });
    assert.deepEqual(checkFileAccess('/data/ws/p.csv', place, links), { ok: true, path: '/data/ws/p.csv' });
  });

  it('a missing file inside is "not found" (the caller says so), and allowOutside reads anywhere', () => {
    assert.throws(() => checkFileAccess('gone.csv', place, fakeRealPath({}, ['/ws/specs/gone.csv'])), /ENOENT/);
    assert.deepEqual(checkFileAccess('/etc/passwd', { ...place, allowOutside: true }, fakeRealPath({})), { ok: true, path: '/etc/passwd' });
  });
});
