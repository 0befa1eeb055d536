// Reads the doc blocks at the top of element headers (native/elements/<domain>/*.hh):
//   /** @element Name  @synopsis ...  @category ...  @summary ...  @ports ...
//    *  description paragraphs
//    *  @arg NAME type: text   @handler name mode: text   @see A, B */
// The headers are the one source of element documentation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function findHeaders(elementsDir) {
  const out = [];
  for (const domain of readdirSync(elementsDir).sort()) {
    const dir = join(elementsDir, domain);
    if (domain === 'testing' || !statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.hh')) out.push(join(dir, f));
  }
  return out;
}

export function parseDocBlock(text, file) {
  const m = text.match(/\/\*\*([\s\S]*?)\*\//);
  if (!m || !/@element\s/.test(m[1])) return null;
  const lines = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
  const doc = {
    file,
    name: '',
    synopsis: '',
    category: '',
    summary: '',
    ports: '',
    description: '',
    args: [],
    handlers: [],
    see: [],
  };
  const desc = [];
  let last = null;
  for (const line of lines) {
    const tag = line.match(/^@(\w+)\s*(.*)$/);
    if (tag) {
      const [, key, rest] = tag;
      if (key === 'arg' || key === 'handler') {
        const parts = rest.match(/^(\S+)\s+([^:]*):\s*(.*)$/);
        const entry = parts
          ? { name: parts[1], kind: parts[2].trim(), text: parts[3].trim() }
          : { name: rest.split(/\s/)[0], kind: '', text: rest };
        (key === 'arg' ? doc.args : doc.handlers).push(entry);
        last = entry;
      } else if (key === 'see') {
        doc.see = rest
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        last = null;
      } else if (key === 'element') {
        doc.name = rest.trim();
        last = null;
      } else if (key in doc && typeof doc[key] === 'string') {
        doc[key] = rest.trim();
        last = null;
      }
    } else if (last && line.trim() !== '' && /^\s/.test(line)) {
      last.text += ` ${line.trim()}`;
    } else if (doc.name && doc.args.length === 0 && doc.handlers.length === 0) {
      desc.push(line);
      last = null;
    }
  }
  doc.description = desc
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n');
  return doc;
}

export function readDocs(root) {
  const elementsDir = join(root, 'native', 'elements');
  const docs = [];
  for (const file of findHeaders(elementsDir)) {
    const doc = parseDocBlock(readFileSync(file, 'utf8'), relative(root, file));
    if (doc) docs.push(doc);
  }
  return docs.sort((a, b) => a.name.localeCompare(b.name));
}
