#!/usr/bin/env node
// A stand-in for nvidia-smi that replays a fixture folder (fixtures/nvidia-smi/<scenario>/):
//   no arguments                  -> header.txt
//   --query-gpu=index,name,...     -> info.txt (the environment query)
//   --query-gpu=name -i N          -> the name column of info.txt for index N
//   --query-gpu=... -lms N         -> loop.txt, one line every FAKE_NVIDIA_SMI_PACE_MS (default 5)
//   --query-gpu=... (no loop)      -> the first line of loop.txt
//   --query-compute-apps=...       -> apps.txt
// A file's last line "# exit=N" sets the exit code; 124 (what `timeout` recorded) means "still
// looping": stay alive until killed. "$OWN_PID" and "$OTHER_PID" are replaced from the environment.
// FAKE_NVIDIA_SMI_DIR names the folder; a file hang.txt there makes every call hang, ignoring
// SIGTERM (a driver stuck in the kernel); a file legacy.txt makes it reject clocks_event_reasons.*
// as an unknown field, like drivers before 535; hang-loop.txt makes only the -lms loop hang silently.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setInterval, setTimeout } from 'node:timers';

const dir = process.env.FAKE_NVIDIA_SMI_DIR;
const args = process.argv.slice(2);
const pace = Number(process.env.FAKE_NVIDIA_SMI_PACE_MS ?? 5);
const forever = () => setInterval(() => {}, 1 << 30);

if (!dir) {
  process.stderr.write('FAKE_NVIDIA_SMI_DIR not set\n');
  process.exit(99);
}
if (existsSync(path.join(dir, 'hang.txt'))) {
  process.on('SIGTERM', () => {});
  forever();
} else {
  const read = (name) => {
    const file = path.join(dir, name);
    if (!existsSync(file)) {
      process.stderr.write(`fake nvidia-smi: no ${name} in ${dir}\n`);
      process.exit(98);
    }
    const lines = readFileSync(file, 'utf8')
      .replaceAll('$OWN_PID', process.env.OWN_PID ?? '0')
      .replaceAll('$OTHER_PID', process.env.OTHER_PID ?? '0')
      .split('\n');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    let code = 0;
    const last = lines[lines.length - 1] ?? '';
    const m = /^# exit=(\d+)$/.exec(last);
    if (m) {
      code = Number(m[1]);
      lines.pop();
    }
    return { lines, code };
  };
  const query = args.find((a) => a.startsWith('--query-gpu='));
  const index = args.includes('-i') ? Number(args[args.indexOf('-i') + 1]) : undefined;
  const finish = ({ lines, code }) => {
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    process.exitCode = code === 124 ? 0 : code;
  };
  if (query?.includes('clocks_event_reasons') && existsSync(path.join(dir, 'legacy.txt'))) {
    // Drivers before 535 know only the old name of the clock-event bitmask.
    const field = query
      .slice('--query-gpu='.length)
      .split(',')
      .find((f) => f.startsWith('clocks_event_reasons'));
    finish({ lines: [`Field "${field}" is not a valid field to query.`, ''], code: 2 });
  } else if (args.length === 0) finish(read('header.txt'));
  else if (args.some((a) => a.startsWith('--query-compute-apps='))) finish(read('apps.txt'));
  else if (query === '--query-gpu=index,name,memory.total,driver_version,uuid') finish(read('info.txt'));
  else if (query === '--query-gpu=name') {
    const info = read('info.txt');
    if (info.code !== 0) finish(info);
    else {
      const row = info.lines.map((l) => l.split(', ')).find((c) => Number(c[0]) === (index ?? 0));
      if (row) finish({ lines: [row[1]], code: 0 });
      else finish({ lines: ['No devices were found'], code: 6 });
    }
  } else if (query && args.includes('-lms') && existsSync(path.join(dir, 'hang-loop.txt'))) {
    process.on('SIGTERM', () => {});
    forever();
  } else if (query && args.includes('-lms')) {
    const { lines, code } = read('loop.txt');
    let i = 0;
    const tick = () => {
      if (i < lines.length) {
        process.stdout.write(`${lines[i++]}\n`);
        setTimeout(tick, pace);
      } else if (code === 124 || code === 0) forever();
      else process.exit(code);
    };
    tick();
  } else if (query) {
    const { lines, code } = read('loop.txt');
    finish({ lines: code === 124 || code === 0 ? lines.slice(0, 1) : lines, code });
  } else finish({ lines: [`unexpected arguments: ${args.join(' ')}`], code: 2 });
}
