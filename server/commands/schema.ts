// `ffi-corners schema [NAME]`: the driver event protocol as JSON Schema, for the Python side.
import { SCHEMAS } from '../../protocol/events.ts';
import { UserError } from '../util/errors.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

export async function schemaCommand(args: string[]): Promise<number> {
  const name = parse(args, SPECS.schema).positionals[0] ?? 'DriverEvent';
  const schema = SCHEMAS[name];
  if (!schema) throw new UserError(`schema: expected one of ${Object.keys(SCHEMAS).join(', ')}`);
  console.log(JSON.stringify(schema, null, 2));
  return 0;
}
