// How fast the CLI starts: `node bin/ffi-corners.mjs --help` and `run --list` against `node -e 0`
// (Node's own start-up), interleaved round by round so that they share the machine's noise; the
// built JavaScript (.cli/, what `npm start`/`npm test` make) and, for comparison, the TypeScript
// sources through tsx (the fallback when the build is stale).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from '../analysis/stats.ts';
import { projectRoot } from '../server/paths.ts';
import { buildCli, cliBuildFresh } from '../scripts/build-cli.mjs';

/** The bar: `--help` and `run --list` within this factor of `node -e 0` (median of ROUNDS). */
export const CLI_START_BAR = 2.5;
const ROUNDS = 5;

export interface CliResult {
  rounds: number;
  /** Wall milliseconds per round. */
  nodeMs: number[];
  helpMs: number[];
  listMs: number[];
  helpFromSourcesMs: number[];
  listFromSourcesMs: number[];
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function wallMs(args: string[], env: Record<string, string> = {}): number {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${res.stderr}`);
  return ms;
}

export async function benchCli(): Promise<CliResult> {
  if (!cliBuildFresh()) await buildCli();
  const bin = join(projectRoot, 'bin', 'ffi-corners.mjs');
  const sources = { FFI_CORNERS_CLI_FROM_SOURCES: '1' };
  const out: CliResult = { rounds: ROUNDS, nodeMs: [], helpMs: [], listMs: [], helpFromSourcesMs: [], listFromSourcesMs: [] };
  log(`CLI start-up: node -e 0, --help and run --list (built, then from the sources), ${ROUNDS} interleaved rounds`);
  wallMs([bin, '--help']); // the first start reads the files from disk
  for (let i = 0; i < ROUNDS; i++) {
    out.nodeMs.push(wallMs(['-e', '0']));
    out.helpMs.push(wallMs([bin, '--help']));
    out.listMs.push(wallMs([bin, 'run', '--list']));
    out.helpFromSourcesMs.push(wallMs([bin, '--help'], sources));
    out.listFromSourcesMs.push(wallMs([bin, 'run', '--list'], sources));
  }
  return out;
}

export function renderCli(c: CliResult): string[] {
  const node = median(c.nodeMs);
  const row = (what: string, ms: number[], bar: boolean) => {
    const ratio = median(ms) / node;
    return `| ${what} | ${median(ms).toFixed(0)} ms | ${ratio.toFixed(2)}× | ${bar ? `≤ ${CLI_START_BAR}× | ${ratio <= CLI_START_BAR ? 'met' : 'missed'}` : '— |'} |`;
  };
  return [
    '## CLI start-up',
    '',
    `Wall time of one command, median of ${c.rounds} rounds run interleaved; ratio to \`node -e 0\` in the same rounds.`,
    '',
    '| command | median | vs `node -e 0` | bar | |',
    '|---|---:|---:|---:|:---:|',
    `| \`node -e 0\` | ${node.toFixed(0)} ms | 1.00× | — | |`,
    row('`node bin/ffi-corners.mjs --help` (built JavaScript, `.cli/`)', c.helpMs, true),
    row('`node bin/ffi-corners.mjs run --list` (built JavaScript)', c.listMs, true),
    row('`--help` from the TypeScript sources through tsx (the fallback)', c.helpFromSourcesMs, false),
    row('`run --list` from the TypeScript sources through tsx', c.listFromSourcesMs, false),
    '',
    'The set-up step of `npm start`/`npm test` builds the CLI into `.cli/` (scripts/build-cli.mjs); each',
    'command is its own chunk, loaded only when it runs. When a source changed since the build, the CLI',
    'runs the sources through tsx instead: correct, only slower to start.',
    '',
  ];
}
