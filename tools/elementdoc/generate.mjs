#!/usr/bin/env node
// Generates element documentation from the header doc blocks:
//   --markdown FILE  docs/elements.md (the manual)
//   --cc FILE        C++ table compiled into the engine (`cosmos elements`, clickos_element_classes)
//   --check FILE     exit 1 if FILE (the markdown) is not up to date
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocs } from './parse.mjs';
import { renderCc, renderMarkdown } from './render.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docs = readDocs(root);
const markdown = () => renderMarkdown(docs);
const cc = () => renderCc(docs);

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [flag, file] = [args[i], args[i + 1]];
  if (!file) {
    console.error(`generate.mjs: ${flag} needs a file`);
    process.exit(2);
  }
  if (flag === '--markdown') writeFileSync(file, markdown());
  else if (flag === '--cc') {
    const text = cc();
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {}
    if (old !== text) writeFileSync(file, text); // unchanged output keeps the build from relinking
  } else if (flag === '--check') {
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {}
    if (old !== markdown()) {
      console.error(`${file} is out of date: run node tools/elementdoc/generate.mjs --markdown ${file}`);
      process.exit(1);
    }
  } else {
    console.error(`generate.mjs: unknown option ${flag}`);
    process.exit(2);
  }
}
