// The `ffi-corners` command line: one entry point shared by `npm start`, `npm test` and users.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RuntimeInfo } from '../protocol/runtime.ts';
import { BINDING_IDS } from '../protocol/runtime.ts';
import { buildRuntime, DEFAULT_BUILDS } from './runtimes/build.ts';
import { discoverRuntimes, type RuntimeCandidate } from './runtimes/discover.ts';
import { ensureEnv, probeRuntime } from './runtimes/env.ts';
import { UserError } from './util/errors.ts';

const USAGE = `usage: ffi-corners <command> [options]

commands:
  setup [--runtime ID]... [--no-build] [--force]
        build the default CPython runtimes (3.13.5 with and without the GIL) if missing,
        then every runtime's bindings (incremental)
  runtimes [--json] [--runtime ID]...
        list runtimes, the GIL state measured after importing every binding, and each binding's status
  runtimes build VERSION [--nogil] [--pgo] [--source FILE|URL] [--jobs N]
        build CPython VERSION from source into the cache and link it under .runtimes/
  run --list [--json]
        the experiments, their parameters, defaults, bounds and units
  run EXPERIMENT [--runtime ID]... [--set NAME=VALUE]... [--json] [--cpus LIST]
        run an experiment headless: a table (or, with --json, its event stream); saved under results/
  schema [DriverEvent|Environment]
        the driver event protocol as JSON Schema (what every demos/ driver must print)
  stats FILE [--json]
        the talk's statistics for your own samples: FILE is {"name": [numbers, ...], ...}
  export-pdf [--out slides.pdf] [--notes] [--fragments] [--handout] [--results live|recorded] [--server URL]
        the deck as a PDF (Debian's Chromium), every chart drawn; live: from the running server;
        --handout: the notes and the charts' data tables under each slide, one slide per page
  export-data [--out DIR] [--results live|recorded] [--server URL]
        the data behind every chart and table: a CSV and a JSON (records, parameters, machine) each
  serve [--port N] [--host HOST] [--follow]
        serve the deck (dist/) and the live WebSocket at /ws on 127.0.0.1; another host needs --follow
  help  show this text`;

const log = (line: string) => process.stderr.write(`[ffi-corners] ${line}\n`);
const warn = (line: string) => process.stderr.write(`ffi-corners: warning: ${line}\n`);

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
    if (parsed.positionals.length > positionals) throw new UserError(`unexpected argument "${parsed.positionals[positionals]}"`);
    return parsed;
  } catch (err) {
    if (err instanceof UserError) throw err;
    // node's messages are long and multi-line; keep the first line, which names the option.
    throw new UserError((err as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}

/** Picks runtimes by id, failing with the list of known ids on an unknown one. */
function select(all: RuntimeCandidate[], ids: string[] | undefined): RuntimeCandidate[] {
  if (!ids?.length) return all;
  return ids.map((id) => {
    const rt = all.find((r) => r.id === id);
    if (!rt) throw new UserError(`unknown runtime "${id}" (known: ${all.map((r) => r.id).join(', ') || 'none'})`);
    return rt;
  });
}

function printRuntimes(infos: RuntimeInfo[]): void {
  const rows = infos.map((r) => [
    r.id,
    r.version,
    r.freeThreadedBuild ? 'free-threaded' : 'GIL',
    r.gilEnabledAfterImports ? 'on' : 'off',
    `${BINDING_IDS.filter((b) => r.bindings[b]?.status === 'ok').length}/${BINDING_IDS.length} ok`,
  ]);
  const head = ['RUNTIME', 'VERSION', 'BUILD', 'GIL AFTER IMPORTS', 'BINDINGS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
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
      if (s?.gilEnabledAfterImport && r.freeThreadedBuild) console.log(`  ${r.id} ${b}: importing it re-enables the GIL`);
    }
  }
}

async function cmdSetup(args: string[]): Promise<number> {
  const { values } = parse(args, {
    runtime: { type: 'string', multiple: true },
    'no-build': { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (!values['no-build']) {
    for (const req of DEFAULT_BUILDS) {
      const out = await buildRuntime(req, log);
      log(`runtime ${out.id}: ${out.cached ? 'ready (cached)' : 'built'}`);
    }
  }
  const runtimes = select(await discoverRuntimes(warn), values.runtime);
  let failed = 0;
  for (const rt of runtimes) {
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

async function cmdRuntimes(args: string[]): Promise<number> {
  if (args[0] === 'build') {
    const { values, positionals } = parse(
      args.slice(1),
      { nogil: { type: 'boolean' }, pgo: { type: 'boolean' }, source: { type: 'string' }, jobs: { type: 'string' } },
      1,
    );
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
  const { values } = parse(args, { json: { type: 'boolean' }, runtime: { type: 'string', multiple: true } });
  const runtimes = select(await discoverRuntimes(warn), values.runtime);
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

async function cmdServe(args: string[]): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' }, follow: { type: 'boolean' } });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new UserError(`--port: expected 0..65535, got "${values.port}"`);
  }
  const { createApp } = await import('./app.ts');
  const { distDir } = await import('./http.ts');
  const app = await createApp({ port, host: values.host, follow: values.follow });
  if (!existsSync(join(distDir, 'index.html'))) warn('the deck is not built (dist/): run `npm run build`; the WebSocket works regardless');
  console.log(`ffi-corners: deck at ${app.url}  (WebSocket ${app.url.replace(/^http/, 'ws')}ws; Ctrl-C to stop)`);
  if (app.token) console.log(`ffi-corners: follow mode: audience read-only; presenter control: ${app.url}?token=${app.token}`);
  return new Promise<number>((resolve) => {
    const stop = (sig: string) => {
      log(`${sig}: stopping (running job killed)`);
      void app.close().then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'setup':
        return await cmdSetup(rest);
      case 'runtimes':
        return await cmdRuntimes(rest);
      case 'serve':
        return await cmdServe(rest);
      case 'schema': {
        const { SCHEMAS } = await import('../protocol/events.ts');
        const name = rest[0] ?? 'DriverEvent';
        const schema = SCHEMAS[name];
        if (!schema || rest.length > 1) throw new UserError(`schema: expected one of ${Object.keys(SCHEMAS).join(', ')}`);
        console.log(JSON.stringify(schema, null, 2));
        return 0;
      }
      case 'export-pdf':
        return await (await import('./commands/export-pdf.ts')).exportPdfCommand(rest);
      case 'stats':
        return await (await import('./commands/stats.ts')).statsCommand(rest);
      case 'export-data':
        return await (await import('./commands/export-data.ts')).exportDataCommand(rest);
      case 'run':
        return await (await import('./commands/run.ts')).runCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UserError(`unknown command "${cmd}" (try: ffi-corners help)`);
    }
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`ffi-corners: error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`ffi-corners: internal error: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}
