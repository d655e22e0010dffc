import * as assert from 'assert';
import { countTokens } from '../../../src/core/tokens';
import { fixed, ofRule } from './helpers';

const body = (s: string) => `---\ndescription: t\n---\n${s}\n`;

describe('lint: compression rules', () => {
  it('PM101 removes "Please" and capitalises the next word, stating the exact tokens saved', () => {
    const text = body('Please write the report in three bullet points.');
    const [f] = ofRule(text, 'PM101');
    assert.ok(f);
    const after = fixed(text, f);
    assert.strictEqual(after, body('Write the report in three bullet points.'));
    const saved = countTokens('o200k_base', 'Please write the report in three bullet points.') - countTokens('o200k_base', 'Write the report in three bullet points.');
    assert.strictEqual(f.tokensSaved, saved);
    assert.match(f.fix!.title, new RegExp(`^Remove filler 'Please' \\(saves ${saved} tokens?\\)$`));
    assert.match(f.message, new RegExp(`saves ${saved} token`));
  });

  it('PM101 handles multi-word filler, a trailing ", please" and keeps lower case mid-sentence', () => {
    assert.strictEqual(fixed(body('I would like you to write a haiku.'), ofRule(body('I would like you to write a haiku.'), 'PM101')[0]), body('Write a haiku.'));
    const t = body('Answer in English, please.');
    assert.strictEqual(fixed(t, ofRule(t, 'PM101')[0]), body('Answer in English.'));
    const mid = body('When done, make sure to list every source you used.');
    assert.strictEqual(fixed(mid, ofRule(mid, 'PM101')[0]), body('When done, list every source you used.'));
  });

  it('PM101 stays silent when removing the filler would not save a token ("Please summarize" -> "Summarize")', () => {
    assert.deepStrictEqual(ofRule(body('Please summarize the report in three bullet points.'), 'PM101'), []);
  });

  it('PM101 does not fire on "please" as a verb, inside code, quotes or template tags', () => {
    assert.deepStrictEqual(ofRule(body('Our aim is to please every customer we serve.'), 'PM101'), []);
    assert.deepStrictEqual(ofRule(body('```\nplease run this\n```'), 'PM101'), []);
    assert.deepStrictEqual(ofRule(body('Reply like: "Please hold while I check that."'), 'PM101'), []);
    assert.deepStrictEqual(ofRule(body('Use `please do x` as the greeting.'), 'PM101'), []);
    assert.deepStrictEqual(ofRule(body('> Please wait a moment for me.'), 'PM101'), []);
    assert.deepStrictEqual(ofRule('system:\n{# Please keep #} Answer.\n', 'PM101', 'a.prompty'), []);
  });

  it('PM103 trims trailing spaces, 3+ blank lines and space runs, never indentation or code', () => {
    const t = body('First line.   \nSecond  line.\n\n\n\n\nThird.\n    indented code-like line');
    const fs = ofRule(t, 'PM103');
    assert.ok(fs.length >= 2);
    let out = t;
    for (const f of [...fs].reverse()) out = fixed(out, f);
    assert.ok(out.includes('\n    indented code-like line'));
    assert.deepStrictEqual(ofRule(body('```\nx   =   1   \n\n\n\n\ny\n```'), 'PM103'), []);
  });

  it('PM104 removes the later copy of a repeated instruction, also across messages', () => {
    const t = 'system:\nAlways answer in formal English with complete sentences.\nBe brief.\n\nuser:\nalways answer in formal English with complete sentences!\n{{q}}\n';
    const [f] = ofRule(t, 'PM104', 'a.prompty');
    assert.ok(f);
    assert.strictEqual(fixed(t, f), 'system:\nAlways answer in formal English with complete sentences.\nBe brief.\n\nuser:\n{{q}}\n');
    assert.deepStrictEqual(ofRule('system:\nAlways answer in formal English with complete sentences.\nNever answer in informal slang or with emojis.\n', 'PM104', 'a.prompty'), []);
  });

  it('PM105 compacts pretty-printed JSON that parses, and leaves fenced or broken JSON alone', () => {
    const t = body('Use this data:\n{\n  "name": "Ada",\n  "langs": [\n    "en",\n    "fr"\n  ]\n}\nThanks.');
    const [f] = ofRule(t, 'PM105');
    assert.ok(f && f.tokensSaved > 0);
    assert.strictEqual(fixed(t, f), body('Use this data:\n{"name":"Ada","langs":["en","fr"]}\nThanks.'));
    assert.deepStrictEqual(ofRule(body('```json\n{\n  "a": 1\n}\n```'), 'PM105'), []);
    assert.deepStrictEqual(ofRule(body('{\n  "a": 1,\n}'), 'PM105'), []);
  });

  it('PM106 reports each few-shot example with its tokens and share, without a fix', () => {
    const t = body('Classify the sentiment.\n<example>\nInput: I love it\nOutput: positive\n</example>\n<example>\nInput: Awful\nOutput: negative\n</example>\nNow classify the next message.');
    const fs = ofRule(t, 'PM106');
    assert.strictEqual(fs.length, 2);
    assert.ok(fs.every((f) => !f.fix && /Few-shot example \d of 2: \d+ tokens?, \d+% of the prompt/.test(f.message)));
    assert.strictEqual(fs[0].severity, 'info');
    assert.deepStrictEqual(ofRule(body('Classify the sentiment of the message.'), 'PM106'), []);
  });
});
