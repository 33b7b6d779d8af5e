// Option parsing shared by the commands. Each command is declared once (server/commands/specs.ts):
// its options with their help, its arguments and what it does. The parser (node's parseArgs, strict,
// its errors as one UserError line), `ffi-corners <command> --help` and `ffi-corners help` all read
// that one declaration.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LANGS, type Lang } from '../../protocol/lang.ts';
import { UserError } from '../util/errors.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once (the values are collected in order). */
  multiple?: boolean;
  default?: string | boolean;
  /** The value's name in the usage text (string options), e.g. ID, N, live|recorded. */
  value?: string;
  /** What the option does, one line. */
  help: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** As typed: `run`, `runtimes build`. */
  name: string;
  /** The arguments as the synopsis shows them (EXPERIMENT, [NAME], FILE|-), none when absent. */
  args?: string;
  /** How many arguments the parser accepts; a command that checks them itself says Infinity. */
  positionals?: number;
  /** What the command does: a sentence or two, wrapped by the usage text. */
  about: string;
  options: O;
}

/** Declares a command (an identity function that keeps the options' literal types for `parse`); its
 * name is its key in specs.ts. */
export const command = <O extends Record<string, OptionSpec>>(spec: Omit<CommandSpec<O>, 'name'>): Omit<CommandSpec<O>, 'name'> => spec;

const HELP: OptionSpec = { type: 'boolean', help: 'show this text' };

/** Parses a command's arguments by its declaration. */
export function parse<O extends Record<string, OptionSpec>>(args: string[], spec: CommandSpec<O>) {
  const positionals = spec.positionals ?? 0;
  try {
    const parsed = parseArgs({ args, options: spec.options as O & ParseArgsConfig['options'], strict: true, allowPositionals: positionals > 0 });
    if (parsed.positionals.length > positionals) throw new UserError(`unexpected argument "${parsed.positionals[positionals]}"`);
    return parsed;
  } catch (err) {
    if (err instanceof UserError) throw err;
    // node's messages are long and multi-line; keep the first line, which names the option.
    throw new UserError(`${(err as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '')} (try: ffi-corners ${spec.name} --help)`);
  }
}

/** Whether `--help` or `-h` is among the arguments as an option (not an option's value, not after `--`). */
export function wantsHelp(args: string[], spec: CommandSpec): boolean {
  const { tokens } = parseArgs({ args, options: { ...spec.options, help: { type: 'boolean', short: 'h' } } as ParseArgsConfig['options'], strict: false, allowPositionals: true, tokens: true });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

const flag = (name: string, o: OptionSpec) => `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;

/** One line: `run [EXPERIMENT] [--json] [--runtime ID]...`. */
export function synopsis(spec: CommandSpec): string {
  const opts = Object.entries(spec.options).map(([name, o]) => `[${flag(name, o)}]${o.multiple ? '...' : ''}`);
  return [spec.name, ...(spec.args ? [spec.args] : []), ...opts].join(' ');
}

/** Words wrapped to `width` columns, every line indented by `indent`. */
export function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** `ffi-corners <command> --help`: the synopsis, what it does, and every option with its help. */
export function usage(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => {
    const shown = name === 'help' ? '-h, --help' : flag(name, o);
    const extra = [o.multiple ? 'repeatable' : '', o.default !== undefined && o.default !== false ? `default ${o.default}` : ''].filter(Boolean);
    return [shown, `${o.help}${extra.length ? ` (${extra.join('; ')})` : ''}`] as const;
  });
  const width = Math.max(...rows.map(([s]) => s.length)) + 2;
  return [
    `usage: ffi-corners ${synopsis(spec)}`,
    '',
    ...wrap(spec.about, '  '),
    '',
    'options:',
    ...rows.flatMap(([shown, help]) => {
      const [first, ...rest] = wrap(help, ' '.repeat(width + 2));
      return [`  ${shown.padEnd(width)}${first!.trimStart()}`, ...rest];
    }),
  ].join('\n');
}

/** A --lang value: one of the deck's languages (protocol/lang.ts). */
export function checkLang(value: string | undefined): Lang {
  const l = value ?? 'en';
  if (!(LANGS as readonly string[]).includes(l)) throw new UserError(`--lang: expected ${LANGS.join(' or ')}, got "${l}"`);
  return l as Lang;
}
