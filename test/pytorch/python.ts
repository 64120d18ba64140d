// Finding a Python that has torch: `python3`, then `/usr/bin/python3` (the one Debian's python3-torch installs
// into, when `python3` on PATH is another interpreter). UNROLL_PYTHON names one explicitly.
import { spawnSync } from 'node:child_process';

export type TorchPython = { ok: true; command: string; version: string; cuda: boolean } | { ok: false; reason: string };

export function findTorchPython(candidates = [process.env.UNROLL_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c))): TorchPython {
  const tried: string[] = [];
  for (const command of [...new Set(candidates)]) {
    const probe = spawnSync(command, ['-c', 'import torch; print(torch.__version__, torch.cuda.is_available())'], { encoding: 'utf8', timeout: 120_000 });
    if (probe.status === 0) {
      const [version, cuda] = probe.stdout.trim().split(' ');
      return { ok: true, command, version, cuda: cuda === 'True' };
    }
    const why = probe.error ? (probe.error as NodeJS.ErrnoException).code ?? probe.error.message : lastLine(probe.stderr) || `exit ${probe.status}`;
    tried.push(`${command}: ${why}`);
  }
  return { ok: false, reason: `no Python with torch (${tried.join('; ')}); install python3-torch (npm run setup)` };
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
