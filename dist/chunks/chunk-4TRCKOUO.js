import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);

// src/engines/types.ts
var EngineError = class extends Error {
  constructor(kind, message, stderrTail) {
    super(message);
    this.kind = kind;
    this.stderrTail = stderrTail;
    this.name = "EngineError";
  }
  kind;
  stderrTail;
};

export {
  EngineError
};
