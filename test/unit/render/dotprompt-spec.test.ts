// google/dotprompt's own spec suite (spec/*.yaml at aa4bf02, Apache-2.0) through the core renderer.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parsePrompt } from '../../../src/core/prompt';
import { renderMessages } from '../../../src/core/render';
import { inputObject, specCases, specFiles } from '../../support/dotpromptSpec';

describe('dotprompt spec suite through the core renderer', () => {
  for (const file of specFiles()) {
    describe(path.basename(path.dirname(file)) === 'dotprompt-spec' ? path.basename(file) : `helpers/${path.basename(file)}`, () => {
      for (const c of specCases(file)) {
        it(`${c.suite}: ${c.desc}`, () => {
          const doc = parsePrompt(c.template, `${c.suite}.prompt`);
          const r = renderMessages(doc, inputObject(c), { resolvePartial: (n) => c.partials[n] });
          assert.deepEqual(r.native, c.expect.messages);
          if (c.expect.model) assert.equal(doc.frontmatter.model, c.expect.model);
          if (c.expect.config?.temperature !== undefined) assert.equal(doc.frontmatter.temperature, c.expect.config.temperature);
        });
      }
    });
  }
});
