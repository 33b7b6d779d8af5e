// The `ffi-corners` command line: one entry point shared by `npm start`, `npm test` and users. It
// only wires commands: each lives in server/commands/ and is imported when it runs, so `--help`
// and every command start without loading the others.
import { UserError } from './util/errors.ts';

type Command = (args: string[]) => Promise<number>;

/** Every command: its usage lines for `help`, and how to load it. One entry per command. */
const COMMANDS: Record<string, { usage: string; load: () => Promise<Command> }> = {
  setup: {
    usage: `setup [--runtime ID]... [--no-build] [--force]
        build the default CPython runtimes (3.13.5 with and without the GIL) if missing,
        then every runtime's bindings (incremental)`,
    load: async () => (await import('./commands/setup.ts')).setupCommand,
  },
  runtimes: {
    usage: `runtimes [--json] [--runtime ID]...
        list runtimes, the GIL state measured after importing every binding, and each binding's status
  runtimes build VERSION [--nogil] [--pgo] [--source FILE|URL] [--jobs N]
        build CPython VERSION from source into the cache and link it under .runtimes/`,
    load: async () => (await import('./commands/runtimes.ts')).runtimesCommand,
  },
  run: {
    usage: `run --list [--json]
        the experiments, their parameters, defaults, bounds and units
  run EXPERIMENT [--runtime ID]... [--set NAME=VALUE]... [--json] [--cpus LIST]
        run an experiment headless: a table (or, with --json, its event stream); saved under results/`,
    load: async () => (await import('./commands/run.ts')).runCommand,
  },
  results: {
    usage: `results [--json] [--prune]
        the saved runs under results/ (experiment, runtime, date, state, size); --prune keeps only
        the newest \`retain\` (config, default 20) of each experiment × runtime now`,
    load: async () => (await import('./commands/results.ts')).resultsCommand,
  },
  schema: {
    usage: `schema [DriverEvent|Environment]
        the driver event protocol as JSON Schema (what every demos/ driver must print)`,
    load: async () => (await import('./commands/schema.ts')).schemaCommand,
  },
  stats: {
    usage: `stats FILE [--estimators scipy|talk] [--json]
        the talk's statistics for your own samples: FILE is {"name": [numbers, ...], ...};
        --estimators talk computes them the talk's way (Tukey drop, MAD x 1.4826)`,
    load: async () => (await import('./commands/stats.ts')).statsCommand,
  },
  verify: {
    usage: `verify [--runtime ID]... [--quick] [--json] [--save] [--records FILE...]
        every claim of the talk re-run here, with a verdict: holds, differs, inconclusive or not-tested;
        its runs are saved in its own folder, or with --save where the deck shows saved runs`,
    load: async () => (await import('./commands/verify.ts')).verifyCommand,
  },
  compare: {
    usage: `compare [--runtime ID]... [--json]
        your machine against the recorded run: the newest saved call-overhead run of each runtime
        beside the one recorded with the deck (medians, live/recorded, ranks, Kendall's tau)`,
    load: async () => (await import('./commands/compare.ts')).compareCommand,
  },
  'export-pdf': {
    usage: `export-pdf [--out slides.pdf] [--notes] [--fragments] [--handout] [--results live|recorded] [--server URL]
        the deck as a PDF (Debian's Chromium), every chart drawn; live: from the running server;
        --handout: the notes and the charts' data tables under each slide, one slide per page`,
    load: async () => (await import('./commands/export-pdf.ts')).exportPdfCommand,
  },
  'export-data': {
    usage: `export-data [--out DIR] [--results live|recorded] [--server URL]
        the data behind every chart and table: a CSV and a JSON (records, parameters, machine) each`,
    load: async () => (await import('./commands/export-data.ts')).exportDataCommand,
  },
  serve: {
    usage: `serve [--port N] [--host HOST] [--follow [--allowed-host NAME]... [--new-token]] [--dev-origin URL]...
        serve the deck (dist/) and the live WebSocket at /ws on 127.0.0.1; another host needs --follow;
        it answers only to localhost/127.0.0.1/[::1] (follow: this machine's addresses, and each NAME);
        follow mode keeps the presenter token across restarts (in the cache), --new-token replaces it`,
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
};

const USAGE = `usage: ffi-corners <command> [options]

commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}
  help  show this text`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
    if (!command) throw new UserError(`unknown command "${cmd}" (try: ffi-corners help)`);
    return await (await command.load())(rest);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`ffi-corners: error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`ffi-corners: internal error: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}
