// The gate: whether this comparison fails the build, under the configured policy. Fail closed: by
// default (fail_on: regression-or-failed) a config that failed, went missing or had no baseline,
// and a run that compared nothing, fail the gate as a regression does; a maintainer's accept label
// overrides any of them, and the decision keeps which states it overrode.
import type { FailOn } from '../config/schema.js';
import { configStatuses, refusedByFingerprint, type ConfigState } from './configStates.js';
import type { GateState } from './types.js';
import type { Comparison, GateDecision, GateFailure } from './types.js';

export interface GateOptions {
  /** gate.allow_new: configs without a baseline pass. */
  readonly allowNew?: boolean;
  /**
   * No baseline is expected: the run records one (a push to the baseline branch) or was given none
   * on purpose (`run` without --baseline). Configs without a baseline then never fail the gate;
   * failed and missing ones still do.
   */
  readonly baselineOptional?: boolean;
}

/** The states each policy fails on. */
export const FAILING_STATES: Readonly<Record<FailOn, readonly GateState[]>> = {
  never: [],
  regression: ['regression'],
  'regression-or-failed': ['regression', 'not-measured'],
  'regression-failed-or-undecided': ['regression', 'not-measured', 'undecided'],
};

/** The run-level line when nothing at all was compared (and no config line already says why). */
function nothingCompared(comparison: Comparison): GateFailure {
  const why =
    comparison.baseline?.status !== undefined && comparison.baseline.status !== 'found'
      ? (comparison.baseline.reason ?? `baseline ${comparison.baseline.status}`)
      : refusedByFingerprint(comparison)
        ? 'the baseline ran on another machine (fingerprint_mismatch: refuse)'
        : comparison.configs.length === 0
          ? 'no configuration ran'
          : 'no configuration has a baseline';
  return { name: 'all configurations', state: 'not-measured', reason: `not measured: nothing compared (${why})` };
}

export function decideGate(
  comparison: Comparison,
  policy: FailOn,
  accepted: boolean,
  options: GateOptions = {},
): GateDecision {
  const states = FAILING_STATES[policy];
  const statuses = configStatuses(comparison, { allowNew: options.allowNew ?? false });
  const fails = (state: ConfigState): state is GateState => (states as readonly ConfigState[]).includes(state);
  const failing: GateFailure[] = [];
  for (const s of statuses)
    if (fails(s.state) && !(s.noBaseline === true && options.baselineOptional === true))
      failing.push({ name: s.name, state: s.state, reason: s.reason });
  const compared = statuses.some((s) => s.compared);
  const noBaselineAtAll = comparison.baseline !== undefined && comparison.baseline.status !== 'found';
  // Configs that all lack a baseline say so once, with the store's reason, rather than once each.
  if (!compared && states.includes('not-measured') && options.baselineOptional !== true) {
    const perConfig = failing.filter((f) => !statuses.find((s) => s.name === f.name)?.noBaseline);
    if (perConfig.length === 0 || noBaselineAtAll) return decision([nothingCompared(comparison), ...perConfig]);
  }
  return decision(failing);

  function decision(list: readonly GateFailure[]): GateDecision {
    return { failed: list.length > 0 && !accepted, policy, failing: list, accepted };
  }
}
