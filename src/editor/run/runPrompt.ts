import * as path from 'node:path';
import * as vscode from 'vscode';
import { BudgetExceededError } from '../../core/client/budget/error';
import { missingInputs, type TemplateVars } from '../../core/render';
import { requestFromDocument } from '../../core/client/request';
import { ProviderError, type ChatRequest, type ChatResponse } from '../../core/client/types';
import { isAbortError } from '../../core/ledger/callCost';
import { toMicros } from '../../core/ledger/record';
import type { PromptDocument } from '../../core/prompt/model';
import { formatCost } from '../../core/money';
import { cacheSkipReason } from '../../core/run/cacheSkip';
import { estimateModel, requestDefaults } from '../../core/run/request';
import { runCancelled, runError, runHeader, runSummary } from '../../core/run/summary';
import { InputMemory } from '../../core/run/inputMemory';
import { activeOrVisiblePrompt } from '../activePrompt';
import type { PromptDocuments } from '../promptDocuments';
import { promptOfResult, type RunOutputProvider, type RunTab } from './runOutput';
import { workspaceName, type RunServices } from './services';

/** What one run needs after the user has answered every question. */
interface Prepared { document: vscode.TextDocument; req: ChatRequest; estimate: string }

/** "Promptmeter: Run Prompt": inputs, pre-flight estimate, then the pipeline, streamed into a read-only editor. */
export class RunPromptCommand {
  constructor(
    private readonly docs: PromptDocuments,
    private readonly services: RunServices,
    private readonly output: RunOutputProvider,
    private readonly log: vscode.LogOutputChannel,
    private readonly inputs: InputMemory,
  ) {}

  /** Never throws: every failure becomes a notification (and the log), so the extension host is never at risk. */
  async execute(uri?: vscode.Uri): Promise<void> {
    try {
      const prepared = await this.prepare(uri);
      if (prepared) await this.runInEditor(prepared);
    } catch (err) {
      const message = this.services.redact(err instanceof Error ? err.message : String(err));
      this.log.error(`run failed: ${message}`);
      void vscode.window.showErrorMessage(`Promptmeter: ${message}`);
    }
  }

  private async prepare(uri: vscode.Uri | undefined): Promise<Prepared | undefined> {
    if (!vscode.workspace.isTrusted) {
      const pick = await vscode.window.showWarningMessage(
        'Promptmeter: running prompts is disabled in Restricted Mode, because a run sends your API key to a server. Trust this workspace to run prompts.',
        'Manage Workspace Trust');
      if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const document = await this.target(uri);
    if (!document) {
      void vscode.window.showInformationMessage('Promptmeter: open a prompt file to run it.');
      return undefined;
    }
    const doc = this.docs.parse(document);
    if (!doc) {
      void vscode.window.showWarningMessage(`Promptmeter: ${path.basename(document.fileName)} is not a prompt file (see promptmeter.include).`);
      return undefined;
    }
    if (doc.messages.length === 0) {
      const problem = doc.problems.find((p) => p.severity === 'error');
      void vscode.window.showWarningMessage(`Promptmeter: nothing to run in ${path.basename(document.fileName)}${problem ? `: ${problem.message}` : ' (no messages)'}.`);
      return undefined;
    }
    const vars = await askInputs(doc, document.uri.toString(), this.inputs);
    if (!vars) return undefined;
    const settings = this.services.current;
    const req = requestFromDocument(doc, {
      ...requestDefaults(settings, process.env), vars, model: this.docs.pickedModel(document.uri), workspace: workspaceName(),
      file: vscode.workspace.asRelativePath(document.uri, false), stream: true,
    });
    const analysis = this.docs.analyze(document, estimateModel(req))?.analysis;
    const cost = analysis?.cost;
    const estimate = formatCost(cost, analysis?.estimated);
    const limit = toMicros(settings.confirmAboveUSD);
    if (cost?.priced && cost.totalMicros > limit) {
      const go = await vscode.window.showWarningMessage(
        `Run ${path.basename(document.fileName)}? Estimated cost ${estimate}${req.model === 'auto' ? ' at most' : ''}, above promptmeter.confirmAboveUSD (${formatCost(limit)}).`,
        { modal: true }, 'Run');
      if (go !== 'Run') return undefined;
    }
    return { document, req, estimate };
  }

  /** The prompt to run: the argument (a prompt file, or a result tab's URI from Run Again), else the active one. */
  private async target(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    const given = uri ?? activeOrVisiblePrompt((d) => this.docs.isPrompt(d))?.uri;
    if (!given) return undefined;
    const prompt = promptOfResult(given) ?? given;
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === prompt.toString()) ?? vscode.workspace.openTextDocument(prompt);
  }

  private async runInEditor(p: Prepared): Promise<void> {
    const label = vscode.workspace.asRelativePath(p.document.uri, false);
    const started = new Date();
    const out = this.output.start(p.document.uri, (n) => runHeader(`${label} · run ${n}`, p.req, p.estimate, started));
    // The file's result tab is reused where it is; a first run opens it beside the prompt.
    const open = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === out.uri.toString()));
    await vscode.window.showTextDocument(out.uri, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
    let req = p.req;
    for (;;) {
      const outcome = await this.call(req, out);
      if (outcome !== 'allow-once') return;
      req = { ...req, meta: { ...req.meta, allowOverBudget: true } };
    }
  }

  /** One pass through the pipeline; returns 'allow-once' when the user chose to pass a budget stop. */
  private async call(req: ChatRequest, out: RunTab): Promise<'done' | 'allow-once'> {
    const warnings = this.services.onBudgetWarning((m) => void vscode.window.showWarningMessage(`Promptmeter: ${m}`));
    const started = out.text();
    let streamed = '';
    try {
      const res = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Promptmeter: running ${req.model}`, cancellable: true },
        async (progress, token): Promise<ChatResponse | undefined> => {
          const abort = new AbortController();
          const cancel = token.onCancellationRequested(() => abort.abort());
          try {
            return await this.services.get().run(req, {
              signal: abort.signal,
              onDelta: (d) => {
                if (!streamed) progress.report({ message: 'streaming…' });
                streamed += d;
                out.append(d);
              },
              log: (line) => this.services.logLine(line),
              notice: (m) => void vscode.window.showWarningMessage(`Promptmeter: ${this.services.redact(m)}`),
            });
          } catch (err) {
            if (abort.signal.aborted || isAbortError(err)) return undefined;
            throw err;
          } finally {
            cancel.dispose();
          }
        });
      if (!res) {
        out.append(runCancelled(), true);
        return 'done';
      }
      // The whole answer replaces what streamed: cache hits do not stream, and a fallback may restart the text.
      const skip = cacheSkipReason(req, res, this.services.current);
      out.set(started + res.text + runSummary(res, this.docs.priceBook, skip));
      this.log.info(`run ${req.model}: ${res.model} ${res.route}, cache ${res.cache}${skip ? ` (not cached: ${skip})` : ''}, ${Math.round(res.latencyMs)} ms`);
      return 'done';
    } catch (err) {
      return this.failed(err, out, req);
    } finally {
      warnings.dispose();
    }
  }

  private async failed(err: unknown, out: RunTab, req: ChatRequest): Promise<'done' | 'allow-once'> {
    const message = this.services.redact(err instanceof Error ? err.message : String(err));
    out.append(runError(message), true);
    this.log.warn(`run failed: ${message}`);
    if (err instanceof BudgetExceededError) {
      const pick = await vscode.window.showWarningMessage(`Promptmeter: ${message}`, 'Allow once');
      if (pick === 'Allow once') {
        out.append('\nallowed once: running again\n\n', true);
        return 'allow-once';
      }
      return 'done';
    }
    const actions = err instanceof ProviderError && err.status === 401 ? ['Set API Key', 'Show Log'] : ['Show Log'];
    void vscode.window.showErrorMessage(`Promptmeter: ${message}`, ...actions).then((pick) => {
      // The key of the provider that refused it: Set API Key skips asking which provider.
      if (pick === 'Set API Key') void vscode.commands.executeCommand('promptmeter.setApiKey', req.provider);
      if (pick === 'Show Log') this.log.show(true);
    });
    return 'done';
  }
}

/**
 * Frontmatter defaults cover some inputs; the rest are asked for in order, each box starting from the value last
 * given for that file and input. Undefined when the user pressed Esc (what was answered so far is still kept).
 */
async function askInputs(doc: PromptDocument, file: string, memory: InputMemory): Promise<TemplateVars | undefined> {
  const vars: TemplateVars = {};
  const missing = missingInputs(doc, vars);
  for (const [i, name] of missing.entries()) {
    const spec = doc.frontmatter.inputs.find((s) => s.name === name);
    const value = await vscode.window.showInputBox({
      title: `Promptmeter: input ${i + 1} of ${missing.length}`,
      prompt: spec?.description ? `${name}: ${spec.description}` : `Value for ${name}`,
      placeHolder: name, ignoreFocusOut: true, value: memory.last(file, name),
    });
    if (value === undefined) return undefined;
    vars[name] = value;
    await memory.remember(file, { [name]: value });
  }
  return vars;
}
