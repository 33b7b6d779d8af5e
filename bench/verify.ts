// `ffi-corners verify`: its wall time (--quick and the default) and how stable its verdicts are:
// --quick three times in a row; a claim that flips between holds and differs is a rule too weak for
// the noise between runs (inconclusive in one run and holds or differs in another is allowed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimResult, Verdict } from '../analysis/claims.ts';
import { projectRoot } from '../server/paths.ts';

export interface VerifyRun {
  mode: 'quick' | 'default';
  wallS: number;
  verdicts: Record<string, Verdict>;
  loadavgBefore: number;
}
export interface VerifyResult {
  runs: VerifyRun[];
  /** Claims that were holds in one quick run and differs in another. */
  flips: string[];
}

function verify(mode: 'quick' | 'default'): VerifyRun {
  const results = mkdtempSync(join(tmpdir(), 'ffi-corners-bench-verify-'));
  const load = Number((spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout ?? '0').split(' ')[0]);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [join(projectRoot, 'bin/ffi-corners.mjs'), 'verify', '--json', ...(mode === 'quick' ? ['--quick'] : [])], {
    cwd: projectRoot,
    env: { ...process.env, FFI_CORNERS_RESULTS: results },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wallS = (Date.now() - t0) / 1000;
  rmSync(results, { recursive: true, force: true });
  if (res.status !== 0) throw new Error(`verify ${mode} failed: ${res.stderr.slice(-2000)}`);
  const claims = (JSON.parse(res.stdout) as { claims: ClaimResult[] }).claims;
  process.stderr.write(`[bench] verify ${mode}: ${wallS.toFixed(0)} s\n`);
  return { mode, wallS, verdicts: Object.fromEntries(claims.map((c) => [c.id, c.verdict])), loadavgBefore: load };
}

export async function benchVerify(): Promise<VerifyResult> {
  const runs = [verify('quick'), verify('quick'), verify('quick'), verify('default')];
  const quick = runs.filter((r) => r.mode === 'quick');
  const ids = Object.keys(quick[0]!.verdicts);
  const flips = ids.filter((id) => {
    const seen = new Set(quick.map((r) => r.verdicts[id]));
    return seen.has('holds') && seen.has('differs');
  });
  return { runs, flips };
}

export function renderVerify(r: VerifyResult | undefined): string[] {
  if (!r) return [];
  const quick = r.runs.filter((x) => x.mode === 'quick');
  const def = r.runs.find((x) => x.mode === 'default');
  const ids = Object.keys(quick[0]?.verdicts ?? {});
  return [
    '## `ffi-corners verify`: wall time and verdict stability',
    '',
    `Every claim of the talk, run here (${ids.length} claims). Bars: at most 90 s with \`--quick\`, 5 min by default, on 2 cores; no claim flips between holds and differs across three \`--quick\` runs.`,
    '',
    '| run | wall time | 1-min load before | bar | |',
    '|---|---:|---:|---:|:---:|',
    ...r.runs.map((x, i) => `| ${x.mode === 'quick' ? `--quick #${i + 1}` : 'default'} | ${x.wallS.toFixed(0)} s | ${x.loadavgBefore.toFixed(1)} | ${x.mode === 'quick' ? '90 s' : '300 s'} | ${x.wallS <= (x.mode === 'quick' ? 90 : 300) ? 'met' : 'missed'} |`),
    '',
    `Flips between holds and differs across the three --quick runs: ${r.flips.length ? r.flips.join(', ') : 'none'}.`,
    '',
    `| claim | --quick #1 | #2 | #3 |${def ? ' default |' : ''}`,
    `|---|---|---|---|${def ? '---|' : ''}`,
    ...ids.map((id) => `| ${id} | ${quick.map((q) => q.verdicts[id]).join(' | ')} |${def ? ` ${def.verdicts[id]} |` : ''}`),
  ];
}
