// Every command of `ffi-corners`, declared once: what it does, its arguments, its options with their
// help. Its parser (args.ts `parse`), its `--help` and the command list of `ffi-corners help` all
// come from here. Data only, so `ffi-corners --help` starts without loading any command.
import { command } from './args.ts';

const runtime = { type: 'string', multiple: true, value: 'ID', help: 'a runtime id (see `ffi-corners runtimes`); all of them when absent' } as const;
const json = { type: 'boolean', help: 'print JSON instead of text' } as const;
const cpus = { type: 'string', value: 'LIST', help: 'pin the measuring processes to these CPUs, e.g. 0-1 or 2,3 (`cpus` in ffi-corners.config.json)' } as const;
const results = { type: 'string', default: 'recorded', value: 'live|recorded', help: 'live: the running server\'s newest results; recorded: the runs shipped with the deck' } as const;
const lang = { type: 'string', default: 'en', value: 'en|zh-TW', help: 'the deck\'s language: English or Traditional Chinese (Taiwan)' } as const;
const server = { type: 'string', value: 'URL', help: 'the running server for --results live (default http://127.0.0.1:<port from the config>/)' } as const;

const DECLARED = {
  setup: command({
    about: 'Builds the default CPython runtimes (3.13.5 with and without the GIL) if missing, then every runtime\'s bindings (incremental).',
    options: {
      runtime: { ...runtime, help: 'set up only this runtime\'s bindings' },
      'no-build': { type: 'boolean', help: 'do not build the default runtimes; set up the bindings of those present' },
      force: { type: 'boolean', help: 'rebuild the bindings even when they are up to date' },
    },
  }),
  runtimes: command({
    about: 'Lists the runtimes, the GIL state measured after importing every binding, and each binding\'s status. `ffi-corners runtimes build VERSION` builds another CPython.',
    options: { json, runtime },
  }),
  'runtimes build': command({
    args: 'VERSION',
    positionals: 1,
    about: 'Builds CPython VERSION (e.g. 3.13.5) from source into the cache and links it under .runtimes/.',
    options: {
      nogil: { type: 'boolean', help: 'the free-threaded build (--disable-gil; 3.13 and later)' },
      pgo: { type: 'boolean', help: 'profile-guided optimisation (slower to build)' },
      source: { type: 'string', value: 'FILE|URL', help: 'the source tarball to use instead of the python.org download' },
      jobs: { type: 'string', value: 'N', help: 'parallel make jobs, 1..256 (default: the CPU count)' },
    },
  }),
  run: command({
    args: '[EXPERIMENT]',
    positionals: Number.POSITIVE_INFINITY,
    about: 'Runs an experiment headless: a progress bar on stderr and the talk-style table on stdout (with --json, its event stream); each run is saved under results/. `run --list` names the experiments and their parameters.',
    options: {
      list: { type: 'boolean', help: 'the experiments, their parameters, defaults, bounds and units' },
      json,
      runtime,
      set: { type: 'string', multiple: true, value: 'NAME=VALUE', help: 'set a parameter (see --list), e.g. --set threads=1,2,4' },
      cpus,
    },
  }),
  results: command({
    about: 'The saved runs under results/ (experiment, runtime, date, state, size).',
    options: {
      json,
      prune: { type: 'boolean', help: 'keep only the newest `retain` (ffi-corners.config.json, default 20) of each experiment × runtime now' },
    },
  }),
  schema: command({
    args: '[NAME]',
    positionals: 1,
    about: 'The driver event protocol as JSON Schema (what every demos/ driver must print). NAME: DriverEvent (the default) or Environment.',
    options: {},
  }),
  stats: command({
    args: 'FILE|-',
    positionals: 1,
    about: 'The talk\'s statistics for your own samples. FILE (- for stdin): JSON {"name": [numbers, ...], ...} with at least 2 series of at least 2 values each.',
    options: {
      estimators: { type: 'string', default: 'scipy', value: 'scipy|talk', help: 'talk: the talk\'s way (Tukey drop, mixed moments, MAD x 1.4826)' },
      json,
    },
  }),
  verify: command({
    args: '[FILE...]',
    positionals: Number.POSITIVE_INFINITY,
    about: 'Every claim of the talk re-run here, with a verdict: holds, differs, inconclusive or not-tested. Ctrl-C judges what was measured so far.',
    options: {
      runtime,
      quick: { type: 'boolean', help: 'fewer, shorter processes (same rules)' },
      json,
      seed: { type: 'string', value: 'N', help: 'the seed of the GIL / free-threaded alternation order (default 1)' },
      records: { type: 'boolean', help: 'run nothing: judge the record files FILE... (results/<experiment>/<runtime>/*.json)' },
      cpus,
      save: { type: 'boolean', help: 'save the runs where the deck shows saved runs (results/), not in verify\'s own folder' },
      lang: { ...lang, help: 'the language of the verdicts\' reasons: English or Traditional Chinese (Taiwan)' },
    },
  }),
  compare: command({
    args: '[A.bundle [B.bundle]]',
    positionals: 2,
    about: 'Without a bundle: your machine against the recorded run (the newest saved call-overhead run of each runtime beside the one recorded with the deck: medians, live/recorded, ranks, Kendall\'s tau). With bundles: B (default: this machine) against A, per binding medians, B/A with a between-process interval where both have processes, ranks, Kendall\'s tau, each claim\'s verdicts.',
    options: { runtime, json },
  }),
  bundle: command({
    about: 'This machine\'s results in one file to carry elsewhere: the machine, runtimes and builds, the newest record of each experiment × runtime, the claims\' verdicts.',
    options: {
      out: { type: 'string', value: 'FILE', help: 'the bundle to write (default: ffi-corners-<date>.bundle.json)' },
      runtime,
      from: { type: 'string', value: 'DIR', help: 'a folder of records instead of results/ (e.g. assets/results)' },
    },
  }),
  'export-pdf': command({
    about: 'The deck as a PDF (Debian\'s Chromium), every chart drawn.',
    options: {
      out: { type: 'string', default: 'slides.pdf', value: 'FILE', help: 'the PDF to write' },
      notes: { type: 'boolean', default: false, help: 'the speaker notes under each slide' },
      fragments: { type: 'boolean', default: false, help: 'one page per fragment step' },
      handout: { type: 'boolean', default: false, help: 'the notes and the charts\' data tables under each slide, one slide per page' },
      results,
      server,
      lang,
    },
  }),
  'export-data': command({
    about: 'The data behind every chart and table: a CSV and a JSON (records, parameters, machine) each.',
    options: {
      out: { type: 'string', default: 'data', value: 'DIR', help: 'the folder to write' },
      results,
      server,
      lang,
    },
  }),
  'export-html': command({
    about: 'The deck as one self-contained HTML file (scripts, styles, subset fonts, results) that opens from file:// offline.',
    options: {
      out: { type: 'string', default: 'talk.html', value: 'FILE', help: 'the HTML file to write' },
      results: { ...results, help: 'live: this machine\'s newest saved runs (results/) shown as live; recorded: the runs shipped with the deck' },
      lang,
    },
  }),
  serve: command({
    about: 'Serves the deck (dist/) and the live WebSocket at /ws on 127.0.0.1 until Ctrl-C. It answers only to localhost/127.0.0.1/[::1] (with --follow: this machine\'s addresses, and each --allowed-host).',
    options: {
      port: { type: 'string', value: 'N', help: 'the port, 0..65535 (0: any free one; default from ffi-corners.config.json, else 8765)' },
      host: { type: 'string', value: 'HOST', help: 'the address to listen on; another than loopback needs --follow' },
      follow: { type: 'boolean', help: 'follow mode: the audience is read-only, the presenter controls with the printed token (kept in the cache across restarts)' },
      'new-token': { type: 'boolean', help: 'follow mode: replace the kept presenter token with a new one' },
      'allowed-host': { type: 'string', multiple: true, value: 'NAME', help: 'a Host name to answer to in follow mode' },
      'dev-origin': { type: 'string', multiple: true, value: 'URL', help: 'a page allowed to open the WebSocket besides the deck\'s own (npm run dev: http://localhost:5173)' },
      build: { type: 'boolean', help: 'build the deck (dist/) first if its sources changed since the last build (npm start does)' },
    },
  }),
};

/** Every command's declaration, named by its key. */
export const SPECS = Object.fromEntries(Object.entries(DECLARED).map(([name, spec]) => [name, { ...spec, name }])) as {
  [K in keyof typeof DECLARED]: (typeof DECLARED)[K] & { name: K };
};

export type CommandName = keyof typeof SPECS;
