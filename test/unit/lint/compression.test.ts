import * as assert from 'assert';
import { parsePrompt } from '../../../src/core/prompt';
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

  it('PM105 compacts a nested YAML block to one line, stating the tokens saved, and changes nothing else', () => {
    const yaml = 'server:\n  host: example.com\n  port: 8080\n  tags:\n    - web\n    - prod';
    const t = body(`Use this config:\n${yaml}\nThanks.`);
    const [f, ...rest] = ofRule(t, 'PM105');
    assert.ok(f && f.tokensSaved > 0);
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(t.slice(f.start, f.end), yaml);
    const after = fixed(t, f);
    assert.strictEqual(after, body('Use this config:\n{"server":{"host":"example.com","port":8080,"tags":["web","prod"]}}\nThanks.'));
    const tokens = (s: string) => parsePrompt(s, 'a.prompt.md').messages.reduce((n, m) => n + countTokens('o200k_base', m.content), 0);
    assert.strictEqual(f.tokensSaved, tokens(t) - tokens(after));
    assert.strictEqual(f.message, `Pretty-printed YAML costs ${f.tokensSaved} tokens more per call than the same data compacted to one line of JSON.`);
    assert.strictEqual(f.fix!.title, `Compact YAML to JSON (saves ${f.tokensSaved} tokens)`);
    // Idempotent: the compacted line is not found again, and no other PM105 fix appears.
    assert.deepStrictEqual(ofRule(after, 'PM105'), []);
  });

  it('PM105 picks YAML flow style when it costs fewer tokens than JSON (quotes inside values)', () => {
    const t = body('labels:\n  ok: say "yes"\n  cancel: say "no"\n  unsure:\n    - say "maybe"\n    - say "later"');
    const [f] = ofRule(t, 'PM105');
    assert.ok(f && f.tokensSaved > 0);
    assert.match(f.fix!.title, /^Compact YAML to flow style \(saves \d+ tokens?\)$/);
    assert.match(f.message, /compacted to one line of flow-style YAML\.$/);
    const after = fixed(t, f);
    assert.strictEqual(after, body('{labels: {ok: say "yes", cancel: say "no", unsure: [say "maybe", say "later"]}}'));
    assert.deepStrictEqual(ofRule(after, 'PM105'), []);
  });

  it('PM105 leaves prose bullet lists, flat YAML, code fences, frontmatter and unfaithful YAML alone', () => {
    const none = (s: string, file = 'a.prompt.md') => assert.deepStrictEqual(ofRule(s, 'PM105', file), [], s);
    // Markdown bullets of prose, also nested and with labels.
    none(body('Style:\n- Use short sentences.\n- Prefer active voice.\n- Avoid jargon where you can.\n- Cite your sources.'));
    none(body('- Tone:\n  - Be warm and friendly with the user.\n  - Keep it short.\n- Format:\n  - Use bullet points for lists.\n  - No tables.'));
    none(body('- Tone: friendly\n- Format:\n  - bullets\n  - short\n- Length: brief'));
    none(body('Rules:\n  - Tone: friendly\n  - Format:\n    - bullets\n    - short'));
    none(body('- Size: 65px\n- Font: Cal Sans\n  - Line height: 1.2\n  - Weight: Bold'));
    none(body('- [ ] Tests pass\n- [ ] Docs updated\n  - [ ] README\n  - [ ] CHANGELOG'));
    // Flat, one level: nothing nested to compact.
    none(body('name: Ada\nrole: engineer\ncity: London\nlang: en\nteam: core'));
    none(body('- web\n- prod\n- eu\n- us\n- asia'));
    // Nested but without a single key: value pair.
    none(body('colors:\n  - red\n  - green\nsizes:\n  - small\n  - large'));
    // Inside a code fence, an HTML comment or an example block.
    none(body('```yaml\nserver:\n  host: example.com\n  port: 8080\n  tags:\n    - web\n```'));
    none(body('<example>\nserver:\n  host: example.com\n  port: 8080\n  tags:\n    - web\n</example>'));
    // The frontmatter is not a message.
    none('---\ndescription: t\nconfig:\n  temperature: 0.2\n  stop:\n    - END\n    - STOP\n---\nAnswer the question.\n');
    none('---\nname: x\nmodel:\n  api: chat\n  parameters:\n    max_tokens: 100\n---\nsystem:\nAnswer briefly.\n', 'a.prompty');
    // What JSON would not say the same: numbers that read differently, block scalars, comments, template tags.
    none(body('release:\n  version: 1.10\n  notes:\n    - fixed\n    - added'));
    none(body('server:\n  host: example.com\n  motd: |\n    Welcome aboard\n    Be nice\n  port: 8080'));
    none(body('server:\n  host: example.com # primary\n  port: 8080\n  tags:\n    - web'));
    none(body('server:\n  host: {{host}}\n  port: 8080\n  tags:\n    - web'));
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
