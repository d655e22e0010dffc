import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension } from './util';

const FIXTURE = ['test', 'fixtures', 'lint', 'cache-order.prompty'];
const FIXABLE = ['PM101', 'PM201'];
const TITLES: Record<string, string> = {
  PM101: "Remove filler 'Please' (saves 1 token)",
  PM201: "Move '{{customer_name}}' to the end of the last user message (caches 343 more tokens)",
};
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('promptmeter');

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'promptmeter');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/**
 * Resolves with the document's promptmeter diagnostics once `accept` takes them, checking now and on every
 * onDidChangeDiagnostics for the URI; rejects after `timeoutMs` with what was last seen.
 */
function diagnosticsWhen(uri: vscode.Uri, accept: (ds: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000) {
  return new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    const check = () => {
      const ds = ours(uri);
      if (!accept(ds)) return false;
      done();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}; promptmeter diagnostics: ${JSON.stringify(ours(uri).map(codeOf))}`));
    }, timeoutMs);
    const done = () => { sub.dispose(); clearTimeout(timer); };
    check();
  });
}

/**
 * The lint fixture inside the opened workspace folder (the suite's temp copy of examples/, so edits never touch the
 * repo), copied there from the extension's test/fixtures; without a folder, the extension's own file.
 */
async function fixtureUri(): Promise<vscode.Uri> {
  const source = vscode.Uri.joinPath(extension().extensionUri, ...FIXTURE);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return source;
  const target = vscode.Uri.joinPath(folder.uri, 'lint-cache-order.prompty');
  await vscode.workspace.fs.copy(source, target, { overwrite: true });
  return target;
}

describe('lint diagnostics and quick-fixes', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let diagnostics: vscode.Diagnostic[];

  before(async () => {
    await extension().activate();
    uri = await fixtureUri();
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    // Drop the unsaved fix-all edit, then the copy.
    if (doc && vscode.window.activeTextEditor?.document === doc) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    if (uri && vscode.workspace.workspaceFolders?.length) await vscode.workspace.fs.delete(uri).then(undefined, () => {});
  });

  it('publishes a PM101 and a PM201 diagnostic with source promptmeter and a rule docs link', async () => {
    assert.equal(doc.languageId, 'prompty');
    diagnostics = await diagnosticsWhen(uri, (ds) => FIXABLE.every((c) => ds.some((d) => codeOf(d) === c)),
      'PM101 and PM201 diagnostics');
    assert.deepEqual(diagnostics.map(codeOf).sort(), FIXABLE);
    for (const d of diagnostics) {
      assert.equal(d.source, 'promptmeter');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, codeOf(d));
      assert.ok(typeof d.code === 'object', `${codeOf(d)}: code has no target`);
      // The code opens the rule's page as a Markdown preview, through a command that names the rule.
      const target = d.code.target;
      assert.equal(target.scheme, 'command', `${d.code.value}: target is ${target.toString()}`);
      assert.equal(target.path, 'promptmeter.showRuleDoc');
      assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), [d.code.value]);
      const page = vscode.Uri.file(path.join(extension().extensionPath, 'docs', 'rules', `${d.code.value}.md`));
      const stat = await vscode.workspace.fs.stat(page);
      assert.equal(stat.type, vscode.FileType.File, `${page.toString()} is not a file`);
    }
    const pm101 = diagnostics.find((d) => codeOf(d) === 'PM101')!;
    assert.equal(doc.getText(pm101.range), 'Please');
    const pm201 = diagnostics.find((d) => codeOf(d) === 'PM201')!;
    assert.equal(doc.getText(pm201.range), 'Customer: {{customer_name}}');
  });

  it("offers one preferred quick-fix per finding, editing that finding's text", async () => {
    assert.ok(diagnostics, 'needs the diagnostics of the previous test');
    for (const d of diagnostics) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fixes = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.title === TITLES[codeOf(d)]);
      assert.equal(fixes.length, 1, `${codeOf(d)}: quick fixes ${JSON.stringify(actions.map((a) => a.title))}`);
      const [fix] = fixes;
      assert.equal(fix.isPreferred, true, `${fix.title} is not preferred`);
      assert.ok(fix.edit && fix.edit.size > 0, `${fix.title} has no edit`);
      // (vscode.executeCodeActionProvider drops CodeAction.diagnostics, so tie the fix to its finding by its edit.)
      const edits = fix.edit.get(uri);
      assert.ok(edits.some((e) => e.range.intersection(d.range)), `${fix.title} does not edit its finding's range`);
      // Nothing of the other finding's fix is offered here.
      const others = actions.filter((a) => Object.values(TITLES).includes(a.title) && a !== fix);
      assert.deepEqual(others.map((a) => a.title), []);
    }
  });

  it('offers source.fixAll.promptmeter, and applying its edit removes every fixable diagnostic', async () => {
    assert.ok(diagnostics, 'needs the diagnostics of the first test');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', uri, whole, FIX_ALL_KIND.value);
    const fixAll = actions.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
    assert.equal(fixAll.length, 1, `actions: ${JSON.stringify(actions.map((a) => `${a.kind?.value}: ${a.title}`))}`);
    assert.ok(fixAll[0].edit, 'the fix-all action has no edit');

    const version = doc.version;
    assert.equal(await vscode.workspace.applyEdit(fixAll[0].edit), true, 'applyEdit refused the fix-all edit');
    assert.ok(doc.version > version, 'the document did not change');
    const left = await diagnosticsWhen(uri, (ds) => !ds.some((d) => FIXABLE.includes(codeOf(d))),
      'the fixable diagnostics to go');
    assert.deepEqual(left.map(codeOf), []);

    const text = doc.getText();
    assert.doesNotMatch(text, /\bPlease\b/);
    assert.match(text, /\{\{question\}\}\s*\n\s*Customer: \{\{customer_name\}\}\s*$/);
    const again = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0), FIX_ALL_KIND.value);
    assert.deepEqual(again.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind)).map((a) => a.title), []);
  });
});
