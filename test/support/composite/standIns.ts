// The nested actions action.yml uses, by exact `uses:` reference (pinned SHA), each with its inputs
// (and their defaults, as in the upstream action.yml) and the stand-in script the composite runner
// runs as a JavaScript action. A reference not listed here fails the test: bumping a pinned action
// means checking its stand-in against the new version first.
import path from 'node:path';

export interface StandIn {
  readonly script: string;
  /** Input name → default (undefined: no default). Unknown `with:` keys are refused. */
  readonly inputs: Readonly<Record<string, string | undefined>>;
}

const dir = path.join(import.meta.dirname, 'stand-ins');

const CACHE_V5 = '27d5ce7f107fe9357f9df03efb73ab90386fccae'; // actions/cache v5.0.5
const GITHUB_SCRIPT_V8 = 'ed597411d8f924073f98dfc5c65a23a2325f34cd'; // actions/github-script v8.0.0

export const STAND_INS: Readonly<Record<string, StandIn>> = {
  [`actions/cache/restore@${CACHE_V5}`]: {
    script: path.join(dir, 'cache-restore.mjs'),
    inputs: {
      path: undefined,
      key: undefined,
      'restore-keys': undefined,
      enableCrossOsArchive: 'false',
      'fail-on-cache-miss': 'false',
      'lookup-only': 'false',
    },
  },
  [`actions/cache/save@${CACHE_V5}`]: {
    script: path.join(dir, 'cache-save.mjs'),
    inputs: { path: undefined, key: undefined, 'upload-chunk-size': undefined, enableCrossOsArchive: 'false' },
  },
  [`actions/github-script@${GITHUB_SCRIPT_V8}`]: {
    script: path.join(dir, 'github-script.mjs'),
    inputs: {
      script: undefined,
      'github-token': '${{ github.token }}',
      debug: "${{ runner.debug == '1' }}",
      'user-agent': 'actions/github-script',
      previews: undefined,
      'result-encoding': 'json',
      retries: '0',
      'retry-exempt-status-codes': '400,401,403,404,422',
      'base-url': undefined,
    },
  },
};
