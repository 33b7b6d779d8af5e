// ffi-corners.config.json: extra interpreters, the CPU set to pin experiments to, the port, how
// many saved runs to keep, and the host names a follow-mode server answers to.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { projectRoot } from './paths.ts';
import { ALLOWED_HOST_PATTERN } from './security.ts';
import { UserError } from './util/errors.ts';

const Interpreter = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object(
    { id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' })), path: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
]);

export const Config = Type.Object(
  {
    /** Interpreter paths (or {id, path}) to offer as runtimes besides the built ones and python3. */
    interpreters: Type.Optional(Type.Array(Interpreter)),
    /** CPU list to pin experiments to, in taskset's list format, e.g. "2-3" or "1,3". */
    cpus: Type.Optional(Type.String({ pattern: '^\\d+(-\\d+)?(,\\d+(-\\d+)?)*$' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    /** Saved runs kept per experiment × runtime under results/ (default 20); older ones are pruned. */
    retain: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    /** Host names the server answers to in follow mode besides this machine's addresses (`name` or `name:port`). */
    allowedHosts: Type.Optional(Type.Array(Type.String({ pattern: ALLOWED_HOST_PATTERN }))),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof Config>;

export const configPath = (): string => process.env.FFI_CORNERS_CONFIG || join(projectRoot, 'ffi-corners.config.json');

/** Loads the config file; a missing file is an empty config, an invalid one a UserError naming the field. */
export function loadConfig(path = configPath()): Config {
  if (!existsSync(path)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const first = Value.Errors(Config, data).First();
  if (first) throw new UserError(`${path}: ${first.path || '/'}: ${first.message}`);
  return data as Config;
}
