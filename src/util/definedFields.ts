// Drops the fields whose value is undefined, so that an optional field built from a value that may
// be missing is absent rather than present and undefined (what exactOptionalPropertyTypes checks,
// and what toEqual, `in` and JSON readers of the object should see).

/** Keys whose type admits undefined. */
type MaybeKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** `T` with every field that may be undefined made optional and never undefined. */
export type DefinedFields<T> = { [K in Exclude<keyof T, MaybeKeys<T>>]: T[K] } & {
  [K in MaybeKeys<T>]?: Exclude<T[K], undefined>;
};

export function definedFields<T extends object>(fields: T): DefinedFields<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as DefinedFields<T>;
}
