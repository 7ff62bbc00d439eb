// Bundles each page's script into dist/ with esbuild, for Chromium, as an app's build would;
// the pages and their scripts are then served as static files from another origin than Cognate.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
for (const name of ['oidc', 'amplify']) {
  await build({
    entryPoints: [`${name}-app.js`],
    outfile: `dist/${name}.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  copyFileSync(`${name}.html`, `dist/${name}.html`);
}
