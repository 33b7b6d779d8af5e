// The TypeBox shorthands every protocol file uses: one definition each.
import { Type, type TSchema } from '@sinclair/typebox';

export const Num = Type.Number();
export const Str = Type.String();
export const Bool = Type.Boolean();
/** `T | null`. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
