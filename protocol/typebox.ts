// The TypeBox shorthands every protocol file uses: one definition each.
import { Type, type TSchema } from '@sinclair/typebox';

export const Num = Type.Number();
export const Str = Type.String();
export const Bool = Type.Boolean();
/** `T | null`. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Number fields by name, for objects that are mostly counts and measures:
 * `Type.Object({ ...Nums('median_s', 'min_s'), status: Str })`. */
export const Nums = <K extends string>(...names: K[]) => Object.fromEntries(names.map((n) => [n, Num])) as { [P in K]: typeof Num };
