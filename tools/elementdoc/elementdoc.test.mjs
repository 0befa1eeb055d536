// The doc block reader and the manual renderer, on a small block written for the test; the
// expected markdown is written by hand from the format documented in parse.mjs.
import { describe, expect, it } from 'vitest';
import { parseDocBlock } from './parse.mjs';
import { renderMarkdown } from './render.mjs';

const header = `/**
 * @element Sample
 * @synopsis Sample(FIRST [, SECOND,
 *   THIRD])
 * @category testing
 * @summary a made-up element whose tags
 * wrap onto further lines
 * @ports 1 input / 1 output,
 * push
 *
 * First paragraph of the
 * description.
 *
 * Second paragraph.
 *
 * @arg FIRST integer: wrapped with an
 *   indented continuation
 * @arg SECOND string: wrapped with a
 * flush continuation
 * @arg THIRD boolean: one line
 * @handler count read: a handler that
 * wraps
 *
 * @handler reset write: after a blank line
 * @see Alpha, Beta,
 *   Gamma,
 * Delta
 * @see Epsilon
 */
#pragma once
`;

describe('parseDocBlock', () => {
  const doc = parseDocBlock(header, 'native/elements/testing/sample.hh');

  it('joins continuation lines of single-line tags', () => {
    expect(doc.name).toBe('Sample');
    expect(doc.synopsis).toBe('Sample(FIRST [, SECOND, THIRD])');
    expect(doc.category).toBe('testing');
    expect(doc.summary).toBe('a made-up element whose tags wrap onto further lines');
    expect(doc.ports).toBe('1 input / 1 output, push');
  });

  it('joins continuation lines after @see, indented or not, and across several @see', () => {
    expect(doc.see).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']);
  });

  it('joins continuation lines of @arg and @handler, indented or not', () => {
    expect(doc.args).toEqual([
      { name: 'FIRST', kind: 'integer', text: 'wrapped with an indented continuation' },
      { name: 'SECOND', kind: 'string', text: 'wrapped with a flush continuation' },
      { name: 'THIRD', kind: 'boolean', text: 'one line' },
    ]);
    expect(doc.handlers).toEqual([
      { name: 'count', kind: 'read', text: 'a handler that wraps' },
      { name: 'reset', kind: 'write', text: 'after a blank line' },
    ]);
  });

  it('keeps the description apart from the tags around it', () => {
    expect(doc.description).toBe('First paragraph of the\ndescription.\n\nSecond paragraph.');
  });

  it('ignores a block without @element', () => {
    expect(parseDocBlock('/** just a comment\n * @see Alpha */', 'x.hh')).toBeNull();
  });
});

describe('renderMarkdown', () => {
  it('renders the wrapped tags whole', () => {
    const doc = parseDocBlock(header, 'native/elements/testing/sample.hh');
    const expected = `# Element reference

Generated from the doc blocks of \`native/elements/*/*.hh\` by \`node tools/elementdoc/generate.mjs\`;
edit the headers, not this file. \`cosmos elements\` shows the same text.

- **testing**: [Sample](#sample)

## Sample

\`Sample(FIRST [, SECOND, THIRD])\`

a made-up element whose tags wrap onto further lines (ports: 1 input / 1 output, push)

First paragraph of the
description.

Second paragraph.

| argument | type | meaning |
|---|---|---|
| FIRST | integer | wrapped with an indented continuation |
| SECOND | string | wrapped with a flush continuation |
| THIRD | boolean | one line |

| handler | mode | meaning |
|---|---|---|
| count | read | a handler that wraps |
| reset | write | after a blank line |

See also: Alpha, Beta, Gamma, Delta, Epsilon.

Source: \`native/elements/testing/sample.hh\`
`;
    expect(renderMarkdown([doc])).toBe(expected);
  });
});
