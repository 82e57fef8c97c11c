// Injected by the bundler from package.json; falls back for tsx runs from source.
declare const __LPG_VERSION__: string | undefined;
export const TOOL_NAME = 'llm-perf-gate';
export const TOOL_VERSION: string = typeof __LPG_VERSION__ === 'string' ? __LPG_VERSION__ : '0.0.0-dev';
