// @actions/cache never throws for a service failure on restore: it logs "Failed to restore: …" as a
// warning (or an error for 5xx) and reports a miss. A baseline store must tell "no baseline yet"
// from "the cache service failed", so this watches the workflow commands the library writes while
// one call runs. The lines still reach the log unchanged.
const FAILURE = /^::(?:warning|error)(?: [^:]*)?::(Failed to restore: .*)$/;

export async function withRestoreFailures<T>(fn: () => Promise<T>): Promise<{ value: T; failures: string[] }> {
  const failures: string[] = [];
  const original = process.stdout.write;
  const watch = (chunk: unknown): void => {
    for (const line of String(chunk).split(/\r?\n/)) {
      const m = FAILURE.exec(line);
      if (m?.[1]) failures.push(m[1].replace(/%0A/g, ' ').replace(/%0D/g, '').replace(/%25/g, '%'));
    }
  };
  process.stdout.write = function (this: NodeJS.WriteStream, ...args: Parameters<typeof original>) {
    watch(args[0]);
    return original.apply(this, args);
  } as typeof original;
  try {
    return { value: await fn(), failures };
  } finally {
    process.stdout.write = original;
  }
}
