import * as path from 'node:path';
import * as vscode from 'vscode';
import { PriceBook } from '../../core/pricing/prices';
import { detectFormat } from '../../core/prompt';
import { fileDiff, volumeFor } from '../../core/review/diff';
import { measurePrompt } from '../../core/review/measure';
import type { Settings } from '../../core/settings';
import { gitExtension } from './gitExtension';
import { headSource, RepoRoots } from './headSource';

interface HeadText { head: string; text: string | undefined }

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toLocaleString('en-US')}`;
const money = (usd: number | null) => (usd === null ? 'unpriced' : `${usd > 0 ? '+' : usd < 0 ? '−' : '±'}$${Math.abs(usd).toFixed(Math.abs(usd) < 1 ? 4 : 2)}`);

/**
 * "vs HEAD: +312 tokens · +$4.10/month at 1,000 calls/day" on a committed prompt that has changed, and on each
 * changed message; "Cost history" on every committed prompt. Reads HEAD through the git extension's API when it is
 * active, else with `git show` (once per file and commit); nothing outside a git repository.
 */
export class HeadDiffLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly heads = new Map<string, HeadText>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly roots = new RepoRoots();

  /**
   * Typing needs no event: VS Code asks for lenses again after each edit, and every change event would restart
   * its timer for all lenses. A save may follow a commit made outside the editor.
   */
  constructor(private readonly settings: () => Settings) {
    this.subscriptions.push(vscode.workspace.onDidSaveTextDocument(() => this.moved()));
    // A commit or checkout moves HEAD: the git extension says so when it is there.
    const ext = gitExtension();
    if (ext) this.subscriptions.push(ext.onDidChange(() => this.moved()));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file' || !detectFormat(document.fileName, document.getText())) return [];
    const source = await headSource(document.uri.fsPath, gitExtension()?.repositoryFor, this.roots.of);
    if (!source || token.isCancellationRequested) return [];
    const { root } = source;
    const rel = path.relative(root, document.uri.fsPath).split(path.sep).join('/');
    const head = await this.headText(source, rel);
    if (head.text === undefined) return [];
    const history = new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      title: '$(history) Cost history', tooltip: 'Tokens and $/call of this prompt at each commit that touched it', command: 'promptmeter.showCostHistory', arguments: [document.uri],
    });
    if (head.text === document.getText()) return [history];
    const s = this.settings();
    const o = { defaultModel: s.defaultModel, prices: new PriceBook(s.prices), expectedOutputTokens: s.expectedOutputTokens };
    const before = measurePrompt(head.text, rel, o);
    const after = measurePrompt(document.getText(), rel, o);
    const volume = volumeFor(rel, after, { defaultCallsPerDay: s.reviewCallsPerDay });
    const d = fileDiff(rel, undefined, 'modified', before, after, volume);
    if (d.inputTokensDelta === 0 && !d.messages.length) return [history];
    const approx = d.estimated ? '≈' : '';
    const at = `at ${volume.callsPerDay.toLocaleString('en-US')} calls/day`;
    const lenses = [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      title: `vs HEAD: ${approx}${signed(d.inputTokensDelta)} tokens · ${money(d.monthlyUSDDelta)}/month ${at}${d.prefix ? ` · ${d.prefix}` : ''}`,
      tooltip: `Compared with ${rel} at HEAD (${head.head.slice(0, 8)}): ${money(d.perCallUSDDelta)} per call. Volume: ${volume.source === 'frontmatter' ? 'promptmeter.callsPerDay in the frontmatter' : 'the promptmeter.review.callsPerDay setting'}.`,
      command: '',
    })];
    for (const m of d.messages) {
      const msg = after.messages[m.index];
      if (!msg) continue;
      lenses.push(new vscode.CodeLens(new vscode.Range(msg.line - 1, 0, msg.line - 1, 0), { title: `vs HEAD: ${approx}${signed(m.delta)} tokens`, command: '' }));
    }
    return [...lenses, history];
  }

  /** A repository may have appeared, gone or moved HEAD. */
  private moved(): void {
    this.roots.clear();
    this.changed.fire();
  }

  private async headText(source: { root: string; head: string; text(): Promise<string | undefined> }, rel: string): Promise<HeadText> {
    const key = `${source.root}\u0000${rel}`;
    const held = this.heads.get(key);
    if (held?.head === source.head) return held;
    const text: HeadText = { head: source.head, text: await source.text() };
    this.heads.set(key, text);
    return text;
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
