// Peak host RSS over a stretch of time: a timer samples while session.run works on ORT's threads
// (the event loop is free then), plus explicit samples at iteration ends.

export interface RssSampler {
  sample(): void;
  stop(): number;
  readonly source: string;
}

export function startRssSampler(intervalMs = 10, read: () => number = () => process.memoryUsage.rss()): RssSampler {
  let peak = read();
  const sample = () => {
    const v = read();
    if (v > peak) peak = v;
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
    source: `process.memoryUsage.rss() sampled every ${intervalMs} ms and at each iteration end, during measured iterations`,
  };
}
