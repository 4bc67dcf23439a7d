import { readFileSync } from 'node:fs';

/** The web-app example with its client at `rps` for `minutes` simulated minutes, as JSON. */
export function busyWebApp(rps: number, minutes: number): string {
  const web = JSON.parse(readFileSync('examples/web-app.json', 'utf8'));
  for (const c of web.components) {
    if (c.params?.type === 'client') c.params.traffic.rate = { shape: 'constant', rps };
  }
  web.run.duration_s = minutes * 60;
  return JSON.stringify(web);
}
