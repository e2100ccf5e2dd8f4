// Writes dist/README.md, the README the .vsix carries: README.md with its relative images inlined as data: URLs.
// VS Code's extension page allows images only from https: and data: (its webview's Content-Security-Policy), so
// relative images cannot load on the page of an installed .vsix; the repository's README keeps its relative links.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

let inlined = 0;
const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (all, alt, link) => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return all;
  const type = TYPES[extname(link).toLowerCase()];
  const file = join(root, link);
  if (!type || !existsSync(file)) throw new Error(`README.md: cannot inline the image ${link}`);
  inlined++;
  return `![${alt}](data:${type};base64,${readFileSync(file).toString('base64')})`;
});
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/README.md'), readme);
console.log(`dist/README.md: ${inlined} images inlined.`);
