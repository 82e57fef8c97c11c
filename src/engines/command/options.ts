import { z } from 'zod';
import { boundedNumber, TEXT_LIMITS } from '../../config/bounds.js';

/** Options of the `command` engine: any program that writes samples in the documented JSON Schema. */
export const commandOptionsSchema = z.strictObject({
  /** Program and arguments (no shell); a string is run through /bin/sh -c. */
  run: z.union([
    z.string().min(1).max(TEXT_LIMITS.prompt),
    z.array(z.string().max(TEXT_LIMITS.prompt)).min(1).max(4096),
  ]),
  cwd: z.string().max(TEXT_LIMITS.path).optional(),
  /** Extra environment of the program (the runner's secrets are never passed, whatever is set here). */
  env: z.record(z.string().regex(/^[^=\0]+$/, 'a variable name'), z.string().max(TEXT_LIMITS.prompt)).default({}),
  timeout_s: boundedNumber('timeout_s').default(1800),
});
export type CommandOptions = z.infer<typeof commandOptionsSchema>;
