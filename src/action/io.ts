// What the action tells the runner: logs, annotations, outputs, masks and the job summary. The
// default goes through @actions/core (workflow commands, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
import * as core from '@actions/core';

export interface AnnotationProps {
  readonly title?: string;
  readonly file?: string;
}

export interface ActionIO {
  info(message: string): void;
  notice(message: string, props?: AnnotationProps): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  writeSummary(markdown: string): Promise<void>;
}

export function coreIO(): ActionIO {
  return {
    info: (m) => core.info(m),
    notice: (m, p) => core.notice(m, { ...p }),
    warning: (m, p) => core.warning(m, { ...p }),
    error: (m, p) => core.error(m, { ...p }),
    setOutput: (n, v) => core.setOutput(n, v),
    setSecret: (v) => core.setSecret(v),
    writeSummary: async (md) => {
      // Without GITHUB_STEP_SUMMARY (a local run) there is nowhere to write: not an error.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(md, true).write();
    },
  };
}
