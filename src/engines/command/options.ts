import { z } from 'zod';

/** Options of the `command` engine: any program that writes samples in the documented JSON Schema. */
export const commandOptionsSchema = z.strictObject({
  /** Program and arguments (no shell); a string is run through /bin/sh -c. */
  run: z.union([z.string().min(1), z.array(z.string()).min(1)]),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  timeout_s: z.number().positive().default(1800),
});
export type CommandOptions = z.infer<typeof commandOptionsSchema>;
