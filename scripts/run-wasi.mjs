// Runs a wasm32-wasip1 program under Node's built-in WASI (Node >= 20):
//
//   node --no-warnings scripts/run-wasi.mjs [--dir HOST_DIR[=GUEST_DIR]]... PROGRAM.wasm [ARGS...]
//
// Each --dir preopens a host directory for the program (as GUEST_DIR, default the same
// path), which is how a WASI program reads files. stdout and stderr pass through; the exit
// code is the program's.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0] === '--dir') {
  const spec = argv[1];
  if (!spec) {
    console.error('run-wasi: --dir needs HOST_DIR[=GUEST_DIR]');
    process.exit(2);
  }
  const [host, guest = host] = spec.split('=');
  preopens[guest] = host;
  argv.splice(0, 2);
}
const [program, ...args] = argv;
if (!program) {
  console.error('usage: node --no-warnings scripts/run-wasi.mjs [--dir HOST[=GUEST]]... PROGRAM.wasm [ARGS...]');
  process.exit(2);
}

const wasi = new WASI({
  version: 'preview1',
  args: [program, ...args],
  env: {},
  preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
