// `ffi-corners setup`: the default CPython runtimes built if missing, then every runtime's
// environment and bindings (incremental). The set-up step of `npm start` and `npm test`.
import { buildRuntime, DEFAULT_BUILDS } from '../runtimes/build.ts';
import { discoverRuntimes } from '../runtimes/discover.ts';
import { ensureEnv } from '../runtimes/env.ts';
import { selectRuntimes } from '../runtimes/resolve.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

const log = (line: string) => process.stderr.write(`[ffi-corners] ${line}\n`);
const warn = (line: string) => process.stderr.write(`ffi-corners: warning: ${line}\n`);

export async function setupCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS.setup);
  if (!values['no-build']) {
    for (const req of DEFAULT_BUILDS) {
      const out = await buildRuntime(req, log);
      log(`runtime ${out.id}: ${out.cached ? 'ready (cached)' : 'built'}`);
    }
  }
  const runtimes = selectRuntimes(await discoverRuntimes(warn), values.runtime);
  let failed = 0;
  for (const rt of runtimes) {
    if (rt.derivedFrom) continue; // uses the environment of the runtime it is derived from
    const out = await ensureEnv(rt, log, values.force ?? false);
    const bad = Object.entries(out.report.bindings).filter(([, s]) => s.status !== 'ok');
    failed += bad.length;
    log(
      `bindings ${rt.id}: ${out.rebuilt ? `built in ${out.seconds.toFixed(0)} s` : 'up to date'}` +
        (bad.length ? `; failed: ${bad.map(([b, s]) => `${b} (${s.error})`).join(', ')}` : ''),
    );
  }
  if (failed) warn(`${failed} binding build(s) failed; \`npx ffi-corners runtimes\` shows why`);
  return 0;
}
