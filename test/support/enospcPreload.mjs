// Loaded with --import into a CLI process under test where no tmpfs can be mounted: creating a
// temporary file (*.tmp, what the atomic writer writes) under $FAULT_ENOSPC_DIR fails with ENOSPC,
// as on a full disk. Everything else behaves normally.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const dir = process.env.FAULT_ENOSPC_DIR;
const full = (file) =>
  dir !== undefined &&
  path.resolve(String(file)).startsWith(path.resolve(dir) + path.sep) &&
  String(file).endsWith('.tmp');
const enospc = (file) =>
  Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'open',
  });

const open = fsp.open;
fsp.open = async (file, ...rest) => {
  if (full(file)) throw enospc(file);
  return open(file, ...rest);
};
const openSync = fs.openSync;
fs.openSync = (file, ...rest) => {
  if (full(file)) throw enospc(file);
  return openSync(file, ...rest);
};
syncBuiltinESMExports();
