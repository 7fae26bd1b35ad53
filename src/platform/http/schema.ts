import { Type } from 'typebox';
import type { TUnsafe } from 'typebox';

/** A string limited to a fixed list, typed as that list's union. */
export function stringEnum<T extends string>(values: readonly T[]): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}

const Message = Type.Object({ vi: Type.String(), en: Type.String() });

/** Every JSON error: a stable code and a sentence in Vietnamese and English, per field when a form failed. */
export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Message,
    fields: Type.Optional(Type.Record(Type.String(), Message)),
  }),
});
