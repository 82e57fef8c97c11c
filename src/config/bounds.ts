// The range of every number a config can hold, and why: a value past it is a typo or a unit mix-up
// (`margin: 2` meant as 2%, `iterations: 1e9`) that would otherwise run for days or pass a real
// regression. One place, so the schema, its JSON Schema and the docs agree.
import { z } from 'zod';

export const LIMITS = {
  warmup: { max: 100, why: 'warm-up iterations are not measured; more than 100 only burns the budget' },
  iterations: { max: 10_000, why: 'more measured iterations per round than any budget covers' },
  max_new_tokens: { max: 131_072, why: "beyond the longest context window of today's models" },
  prompt_tokens: { max: 1_048_576, why: 'beyond the longest context window of any model' },
  batch_size: { max: 4096, why: 'far beyond what fits one accelerator' },
  seed: { max: 2 ** 32 - 1, why: 'seeds are 32-bit' },
  max_iterations: { max: 100_000, why: 'more iterations than a CI job can measure' },
  max_seconds: { max: 86_400, why: 'a CI job that measures one config for more than a day has stopped being a gate' },
  timeout_s: { max: 604_800, why: 'longer than any CI job may run (a week)' },
  threads: { max: 1024, why: 'more threads than cores on any host' },
  memory_tolerance_mib: { max: 1_048_576, why: 'more than any device holds (1 TiB)' },
  sweep_values: { max: 256, why: 'each value is a separate config to measure' },
  benchmarks: { max: 10_000, why: 'each one is measured in turn; ten thousand take days' },
} as const;

/** Characters of free text: long enough for any real value, short enough for a report. */
export const TEXT_LIMITS = {
  prompt: 100_000,
  path: 4096,
  label: 200,
  name: 100,
} as const;

/** An integer from `min` to LIMITS[key].max, with the reason in the message and the JSON Schema. */
export function boundedInt(key: keyof typeof LIMITS, min: number): z.ZodInt {
  const { max, why } = LIMITS[key];
  return z
    .int()
    .min(min)
    .max(max, { error: `at most ${max} (${why})` })
    .describe(`${min} to ${max}: ${why}`) as z.ZodInt;
}

/** A positive number up to LIMITS[key].max. */
export function boundedNumber(key: keyof typeof LIMITS): z.ZodNumber {
  const { max, why } = LIMITS[key];
  return z
    .number()
    .positive()
    .max(max, { error: `at most ${max} (${why})` })
    .describe(`above 0, at most ${max}: ${why}`);
}

/**
 * A relative change as a fraction in [0, 1): 0.05 is 5%. A throughput drop can never exceed 100%,
 * so a margin of 1 or more lets every regression pass; a value ≥ 1 was almost surely meant as a
 * percentage, and the message says which fraction that would be.
 */
export function fraction(what: string): z.ZodNumber {
  return z
    .number()
    .min(0)
    .lt(1, {
      error: (issue) => {
        const v = Number(issue.input);
        const hint = Number.isFinite(v) && v < 100 ? `; for ${v}% write ${+(v / 100).toFixed(6)}` : '';
        return `${what} is a fraction below 1 (0.05 = 5%)${hint}`;
      },
    })
    .describe(`${what}: a fraction from 0 to below 1 (0.05 = 5%); 1 or more would let every throughput drop pass`);
}
