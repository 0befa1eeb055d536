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
  // The tag whose text a following non-blank line continues (indented or not); a blank line
  // or the next tag ends it. Lines outside any tag, before the first @arg/@handler, are the
  // description.
  let open = null;
  const finish = () => {
    if (!open) return;
    const text = open.lines.join(' ');
    const { key } = open;
    if (key === 'arg' || key === 'handler') {
      const parts = text.match(/^(\S+)\s+([^:]*):\s*(.*)$/);
      const entry = parts
        ? { name: parts[1], kind: parts[2].trim(), text: parts[3].trim() }
        : { name: text.split(/\s/)[0], kind: '', text };
      (key === 'arg' ? doc.args : doc.handlers).push(entry);
    } else if (key === 'see') {
      doc.see.push(
        ...text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    } else if (key === 'element') {
      doc.name = text;
    } else if (key in doc && typeof doc[key] === 'string') {
      doc[key] = text;
    }
    open = null;
  };
  for (const line of lines) {
    const tag = line.match(/^@(\w+)\s*(.*)$/);
    if (tag) {
      finish();
      open = { key: tag[1], lines: [tag[2].trim()] };
    } else if (open && line.trim() !== '') {
      open.lines.push(line.trim());
    } else {
      finish();
      if (doc.name && doc.args.length === 0 && doc.handlers.length === 0) desc.push(line);
    }
  }
  finish();
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
