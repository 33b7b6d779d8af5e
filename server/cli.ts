// The `ffi-corners` command line: one entry point shared by `npm start`, `npm test` and users. It
// only wires commands: each lives in server/commands/ and is imported when it runs, so `--help`
// and every command start without loading the others.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synopsis, usage, wantsHelp, wrap } from './commands/args.ts';
import { SPECS, type CommandName } from './commands/specs.ts';
import { projectRoot } from './paths.ts';
import { UserError } from './util/errors.ts';
import { wasInterrupted } from './util/interrupt.ts';

type Command = (args: string[]) => Promise<number>;

/** How to load each command (its declaration, usage and options: ./commands/specs.ts). */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  setup: async () => (await import('./commands/setup.ts')).setupCommand,
  runtimes: async () => (await import('./commands/runtimes.ts')).runtimesCommand,
  'runtimes build': async () => (await import('./commands/runtimes.ts')).runtimesBuildCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
  results: async () => (await import('./commands/results.ts')).resultsCommand,
  schema: async () => (await import('./commands/schema.ts')).schemaCommand,
  stats: async () => (await import('./commands/stats.ts')).statsCommand,
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
  compare: async () => (await import('./commands/compare.ts')).compareCommand,
  'export-pdf': async () => (await import('./commands/export-pdf.ts')).exportPdfCommand,
  bundle: async () => (await import('./commands/bundle.ts')).bundleCommand,
  'export-html': async () => (await import('./commands/export-html.ts')).exportHtmlCommand,
  'export-data': async () => (await import('./commands/export-data.ts')).exportDataCommand,
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
};

const USAGE = `usage: ffi-corners <command> [options]

commands:
${Object.values(SPECS)
  .map((spec) => [`  ${synopsis(spec)}`, ...wrap(spec.about, '        ')].join('\n'))
  .join('\n')}
  help  show this text; ffi-corners <command> --help: a command's options
  --version  the version of ffi-corners`;

/** The command the arguments name: `runtimes build` is a command of its own. */
function lookup(argv: string[]): { name: CommandName; rest: string[] } | null {
  const [cmd, sub, ...more] = argv;
  const two = `${cmd} ${sub}`;
  if (Object.hasOwn(SPECS, two)) return { name: two as CommandName, rest: more };
  if (cmd !== undefined && Object.hasOwn(SPECS, cmd)) return { name: cmd as CommandName, rest: argv.slice(1) };
  return null;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd] = argv;
  try {
    if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === '--version' || cmd === '-V') {
      console.log((JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
      return 0;
    }
    const found = lookup(argv);
    if (!found) throw new UserError(`unknown command "${cmd}" (try: ffi-corners help)`);
    const spec = SPECS[found.name];
    if (wantsHelp(found.rest, spec)) {
      console.log(usage(spec));
      return 0;
    }
    const code = await (await COMMANDS[found.name]())(found.rest);
    return wasInterrupted() ? 130 : code;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`ffi-corners: error: ${err.message}\n`);
      return wasInterrupted() ? 130 : 2;
    }
    process.stderr.write(`ffi-corners: internal error: ${(err as Error).stack ?? err}\n`);
    return wasInterrupted() ? 130 : 1;
  }
}
