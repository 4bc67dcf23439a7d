// Precompressed copies for static hosts: writes FILE.br (brotli, quality 11) and FILE.gz
// (gzip -9) beside every .wasm, .js, .css, .html, .svg and .json in a directory and its
// subdirectories (the lessons and examples the app fetches), checks that each unpacks to
// exactly the original, and prints the sizes. Hosts that serve precompressed files (nginx
// gzip_static / brotli_static, Caddy's precompressed, most CDNs) then send the small copy to
// browsers that accept it, without compressing on every request.
//
//   node scripts/precompress.mjs dist
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kib = (n) => `${Math.round(n / 1024)} KiB`;

/** Compresses one file; returns its raw, .gz and .br sizes. */
function compress(path) {
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  if (!brotliDecompressSync(br).equals(raw) || !gunzipSync(gz).equals(raw)) {
    console.error(`precompress: ${path} does not unpack to itself`);
    process.exit(1);
  }
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  return [raw.length, gz.length, br.length];
}

/** Every file to compress under `at`, depth first, in name order. */
function files(at) {
  return readdirSync(at, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(at, e.name);
      if (e.isDirectory()) return files(path);
      return /\.(wasm|js|css|html|svg|json)$/.test(e.name) ? [path] : [];
    });
}

// A line per file at the top, a total per folder below it (dozens of small JSON files).
const folders = new Map();
for (const path of files(dir)) {
  const sizes = compress(path);
  const rel = path.slice(dir.length + 1);
  const folder = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : null;
  if (folder === null) {
    console.log(`    ${rel}: ${kib(sizes[0])} raw, ${kib(sizes[1])} .gz, ${kib(sizes[2])} .br`);
  } else {
    const total = folders.get(folder) ?? [0, 0, 0, 0];
    folders.set(folder, [total[0] + 1, ...sizes.map((n, i) => total[i + 1] + n)]);
  }
}
for (const [folder, [n, raw, gz, br]] of folders) {
  console.log(`    ${folder}/ (${n} files): ${kib(raw)} raw, ${kib(gz)} .gz, ${kib(br)} .br`);
}
