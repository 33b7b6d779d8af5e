// Option parsing shared by the commands: node's parseArgs, strict, its errors as one UserError line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../util/errors.ts';

export function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals = 0) {
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
