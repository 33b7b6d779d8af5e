// `ffi-corners runtimes`: the runtimes this machine offers, the GIL state measured after importing
// every binding, each binding's status; `runtimes build VERSION` builds another CPython.
import type { RuntimeInfo } from '../../protocol/runtime.ts';
import { BINDING_IDS } from '../../protocol/runtime.ts';
import { table } from '../report/format.ts';
import { buildRuntime } from '../runtimes/build.ts';
import { discoverRuntimes } from '../runtimes/discover.ts';
import { probeRuntime } from '../runtimes/env.ts';
import { selectRuntimes } from '../runtimes/resolve.ts';
import { UserError } from '../util/errors.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

const log = (line: string) => process.stderr.write(`[ffi-corners] ${line}\n`);
const warn = (line: string) => process.stderr.write(`ffi-corners: warning: ${line}\n`);

function printRuntimes(infos: RuntimeInfo[]): void {
  const rows = infos.map((r) => [
    r.id,
    r.version,
    r.freeThreadedBuild ? `free-threaded${r.env ? ` (${Object.entries(r.env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}` : 'GIL',
    r.gilEnabledAfterImports ? 'on' : 'off',
    `${BINDING_IDS.filter((b) => r.bindings[b]?.status === 'ok').length}/${BINDING_IDS.length} ok`,
  ]);
  console.log(table(['RUNTIME', 'VERSION', 'BUILD', 'GIL AFTER IMPORTS', 'BINDINGS'], rows, { rule: false, right: () => false }));
  for (const r of infos) {
    const statuses = BINDING_IDS.map((b) => r.bindings[b]);
    const first = statuses[0];
    if (first && first.status !== 'ok' && statuses.every((s) => s?.status === first.status && s.error === first.error)) {
      console.log(`  ${r.id} all bindings: ${first.status}${first.error ? `: ${first.error}` : ''}`);
      continue;
    }
    for (const b of BINDING_IDS) {
      const s = r.bindings[b];
      if (s && (s.status !== 'ok' || s.note)) console.log(`  ${r.id} ${b}: ${s.status}${s.error ? `: ${s.error}` : ''}${s.note ? ` (${s.note})` : ''}`);
      if (s?.gilEnabledAfterImport && r.freeThreadedBuild && !r.derivedFrom) console.log(`  ${r.id} ${b}: importing it re-enables the GIL`);
    }
  }
}

/** `ffi-corners runtimes build VERSION`. */
export async function runtimesBuildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, SPECS['runtimes build']);
  const version = positionals[0];
  if (!version) throw new UserError('runtimes build: missing VERSION, e.g. `ffi-corners runtimes build 3.13.5 --nogil`');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UserError(`--jobs: expected an integer 1..256, got "${values.jobs}"`);
  }
  const out = await buildRuntime(
    { version, nogil: values.nogil ?? false, pgo: values.pgo ?? false, source: values.source, jobs },
    log,
  );
  console.log(`${out.id}: ${out.cached ? 'already built' : 'built'} at ${out.prefix}`);
  return 0;
}

export async function runtimesCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS.runtimes);
  const runtimes = selectRuntimes(await discoverRuntimes(warn), values.runtime);
  const probed = await Promise.all(
    runtimes.map((rt) =>
      probeRuntime(rt).catch((err: Error) => {
        warn(`${err.message}; skipped`);
        return null;
      }),
    ),
  );
  const infos = probed.filter((i): i is RuntimeInfo => i !== null);
  if (values.json) console.log(JSON.stringify(infos, null, 2));
  else printRuntimes(infos);
  return 0;
}
