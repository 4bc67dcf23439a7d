// Precompressed copies for static hosts: writes FILE.br (brotli, quality 11) and FILE.gz
// (gzip -9) beside every .wasm, .js, .css, .html and .svg in a directory, checks that each
// unpacks to exactly the original, and prints the sizes. Hosts that serve precompressed files
// (nginx gzip_static / brotli_static, Caddy's precompressed, most CDNs) then send the small
// copy to browsers that accept it, without compressing on every request.
//
//   node scripts/precompress.mjs dist
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kib = (n) => `${Math.round(n / 1024)} KiB`;
for (const name of readdirSync(dir).filter((f) => /\.(wasm|js|css|html|svg)$/.test(f))) {
  const path = join(dir, name);
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  if (!brotliDecompressSync(br).equals(raw) || !gunzipSync(gz).equals(raw)) {
    console.error(`precompress: ${name} does not unpack to itself`);
    process.exit(1);
  }
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  console.log(`    ${name}: ${kib(raw.length)} raw, ${kib(gz.length)} .gz, ${kib(br.length)} .br`);
}
