import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The Get Started walkthrough as declared in package.json (VS Code's contributes.walkthroughs schema).
const ROOT = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
const views = new Set<string>(Object.values(pkg.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id));
const [walkthrough] = pkg.contributes.walkthroughs as {
  id: string; title: string; steps: { id: string; title: string; description: string; media: Record<string, string>; completionEvents: string[] }[];
}[];

describe('Get Started walkthrough (package.json)', () => {
  it('has the newcomer steps in order: example, counts, fix, key, run, spend', () => {
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openExample', 'seeCounts', 'applyFix', 'setApiKey', 'run', 'openSpend']);
  });

  for (const step of walkthrough.steps) {
    it(`step ${step.id}: its media exists, and its buttons and completion events name real commands and views`, () => {
      const media = step.media.markdown ?? step.media.svg ?? step.media.image;
      assert.ok(media && existsSync(join(ROOT, media)), `media ${media} is missing`);
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(id), `button runs ${id}, not contributed`);
      assert.ok(step.completionEvents.length > 0, 'a step with no completion event only completes when clicked');
      for (const e of step.completionEvents) {
        const [kind, arg] = e.split(/:(.*)/);
        if (kind === 'onCommand') assert.ok(commands.has(arg), `${e}: not a contributed command`);
        else if (kind === 'onView') assert.ok(views.has(arg), `${e}: not a contributed view`);
        else assert.equal(kind, 'onContext', e);
      }
    });
  }

  it('ships the example prompt the Open Example command opens: temperature 0 and a default for every input', () => {
    const text = readFileSync(join(ROOT, 'media', 'walkthrough', 'trip-planner.prompty'), 'utf8');
    assert.match(text, /^\s+temperature: 0$/m, 'temperature 0, so the second run is a cache hit');
    assert.equal((text.match(/^\s+default:/gm) ?? []).length, (text.match(/^\s+- name:/gm) ?? []).length, 'every input has a default');
    assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!media\/walkthrough\/\*\*$/m, 'the walkthrough folder is shipped');
  });
});
