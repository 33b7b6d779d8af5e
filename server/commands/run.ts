// `ffi-corners run`: any experiment, headless. `--json` prints the event stream (JSON Lines);
// without it, a progress bar on stderr and the talk-style table on stdout. Every run is also a
// file under results/.
import { parse } from './args.ts';
import { SPECS } from './specs.ts';
import { onInterrupt } from '../util/interrupt.ts';
import type { DriverEvent } from '../../protocol/events.ts';
import { describeBounds, EXPERIMENTS, findExperiment, ParamError, resolveParams } from '../../protocol/experiments.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { UserError } from '../util/errors.ts';

function listExperiments(json: boolean): void {
  if (json) {
    console.log(JSON.stringify(EXPERIMENTS.map(({ id, title, params, needsRuntime }) => ({ id, title, needsRuntime, params })), null, 2));
    return;
  }
  for (const e of EXPERIMENTS) {
    console.log(`${e.id}  ${e.title}`);
    for (const [name, p] of Object.entries(e.params)) {
      const def = Array.isArray(p.default) ? p.default.join(',') : String(p.default);
      console.log(`    ${name}=${def}  (${describeBounds(p)}) ${p.description}`);
    }
  }
}

/** `--set a=1 --set b=x,y` -> { a: '1', b: 'x,y' } */
function parseSets(sets: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UserError(`--set: expected NAME=VALUE, got "${s}"`);
    out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return out;
}

function progressBar(e: Extract<DriverEvent, { type: 'progress' }>, runtime: string | null): string {
  const width = 30;
  const frac = e.total > 0 ? Math.min(1, e.done / e.total) : 0;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${runtime ?? ''} ${e.phase}`;
}

export async function runCommand(args: string[]): Promise<number> {
  // Any number of positionals: this command says itself what it expects of them.
  const { values, positionals } = parse(args, SPECS.run);
  if (values.list) {
    listExperiments(values.json ?? false);
    return 0;
  }
  const [id, extra] = positionals;
  if (!id) throw new UserError('run: missing EXPERIMENT (see `ffi-corners run --list`)');
  if (extra) throw new UserError(`run: unexpected argument "${extra}"`);
  const exp = findExperiment(id);
  if (!exp) throw new UserError(`unknown experiment "${id}" (known: ${EXPERIMENTS.map((e) => e.id).join(', ')})`);
  let params;
  try {
    params = resolveParams(exp, parseSets(values.set ?? []));
  } catch (err) {
    if (err instanceof ParamError) throw new UserError(err.message);
    throw err;
  }
  // Loaded here, not above: `run --list` starts without the runner, the reports and discovery.
  const [{ loadConfig }, { Run }, { formatRecord }, { formatRunClaims }, { discoverRuntimes }, { resolveRuntimes }] = await Promise.all([
    import('../config.ts'),
    import('../jobs/runner.ts'),
    import('../report/index.ts'),
    import('../report/claims.ts'),
    import('../runtimes/discover.ts'),
    import('../runtimes/resolve.ts'),
  ]);
  const cpus = values.cpus ?? loadConfig().cpus;
  if (cpus !== undefined && !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(cpus)) throw new UserError(`--cpus: expected a CPU list like 0-1 or 2,3, got "${cpus}"`);
  const known = await discoverRuntimes((w) => process.stderr.write(`ffi-corners: warning: ${w}\n`));
  const runtimes = resolveRuntimes(known, values.runtime ?? [], exp);

  const json = values.json ?? false;
  const tty = process.stderr.isTTY;
  let failed = 0;
  const records: RunRecord[] = [];
  for (const rt of runtimes) {
    const run = new Run({ experiment: exp, runtimeId: rt.id, python: rt.python, env: rt.env, params, cpus });
    const interrupt = () => run.cancel();
    const offInterrupt = onInterrupt(interrupt); // Ctrl-C: the run saves what it has, the CLI exits 130
    process.once('SIGTERM', interrupt);
    let lastPhase = '';
    run.on('event', (e) => {
      if (json) {
        process.stdout.write(JSON.stringify({ ...e, runtime: rt.id }) + '\n');
      } else if (e.type === 'progress') {
        if (tty) process.stderr.write(`\r${progressBar(e, rt.id)}\x1b[K`);
        else if (e.phase !== lastPhase) process.stderr.write(`${progressBar(e, rt.id)}\n`);
        lastPhase = e.phase;
      } else if (e.type === 'error') {
        process.stderr.write(`${tty ? '\r\x1b[K' : ''}ffi-corners: ${rt.id ?? exp.id}: ${e.message}\n`);
      }
    });
    const record = await run.done;
    offInterrupt();
    process.off('SIGTERM', interrupt);
    if (tty && !json) process.stderr.write('\r\x1b[K');
    records.push(record);
    if (record.status !== 'ok') {
      failed++;
      process.stderr.write(`ffi-corners: ${exp.id} on ${rt.id ?? 'this machine'}: ${record.status}: ${record.reason}\n`);
    }
    process.stderr.write(`ffi-corners: saved ${run.file}\n`);
    if (record.status === 'cancelled') break;
  }
  if (!json) for (const r of records) console.log(formatRecord(r));
  if (!json) process.stdout.write(formatRunClaims(records));
  return failed ? 1 : 0;
}
