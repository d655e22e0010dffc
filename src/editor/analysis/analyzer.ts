import { analyzePrompt, resolveModel } from '../../core/analysis/analyze';
import { PriceBook } from '../../core/pricing/prices';
import { parsePrompt } from '../../core/prompt';
import { firstDatasetRow } from '../../core/dataset/firstRow';
import { partialsBeside } from '../../core/render/partials';
import { countTokens, IncrementalCount, type EncodingName } from '../../core/tokens';
import type { AnalysisJob, AnalysisOutcome } from './types';

interface Live { text: string; counts: Map<EncodingName, IncrementalCount> }

/**
 * Parses and counts document versions, keeping each document's chunk counts between versions so that a
 * keystroke re-encodes only the chunks it touched. Pure: runs in the analysis worker, and in-process in tests.
 */
export class DocumentAnalyzer {
  private readonly live = new Map<string, Live>();
  private prices = { key: '{}', book: new PriceBook() };

  analyze(job: AnalysisJob): AnalysisOutcome {
    try {
      const live = this.update(job.uri, job.text);
      const doc = parsePrompt(job.text, job.fileName, job.format);
      const analysis = analyzePrompt(doc, {
        model: resolveModel(doc, job.pickedModel, job.defaultModel), prices: this.priceBook(job),
        expectedOutputTokens: job.expectedOutputTokens,
        // Partials, and the dataset whose first row the rendered count uses, are read from beside the file.
        render: job.filePath ? { resolvePartial: partialsBeside(job.filePath), dataset: firstDatasetRow(job.filePath, doc) } : {},
        // Content that is a verbatim slice of the document is counted from the live chunks.
        countContent: (m, encoding) => doc.format !== 'chat-json' && m.end - m.start === m.content.length
          ? this.counter(live, encoding).countRange(m.start, m.end)
          : countTokens(encoding, m.content),
      });
      return { kind: 'ok', doc, analysis };
    } catch (err) {
      return { kind: 'failed', message: (err as Error)?.message ?? String(err) };
    }
  }

  forget(uri: string): void { this.live.delete(uri); }

  /** Brings the kept counts to `text` with one edit: the span between the common prefix and suffix. */
  private update(uri: string, text: string): Live {
    let live = this.live.get(uri);
    if (!live) {
      live = { text, counts: new Map() };
      this.live.set(uri, live);
      return live;
    }
    const old = live.text;
    if (old === text) return live;
    const max = Math.min(old.length, text.length);
    let prefix = 0;
    while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    for (const c of live.counts.values()) c.applyEdit(prefix, old.length - prefix - suffix, text.slice(prefix, text.length - suffix));
    live.text = text;
    return live;
  }

  private counter(live: Live, encoding: EncodingName): IncrementalCount {
    let c = live.counts.get(encoding);
    if (!c) live.counts.set(encoding, (c = new IncrementalCount(encoding, live.text)));
    return c;
  }

  private priceBook(job: AnalysisJob): PriceBook {
    const key = JSON.stringify(job.prices ?? {});
    if (key !== this.prices.key) this.prices = { key, book: new PriceBook(job.prices) };
    return this.prices.book;
  }
}

/** Runs analyses on the calling thread: for tests, and where no worker can start. */
export class InProcessBackend {
  private readonly analyzer = new DocumentAnalyzer();
  analyze(job: AnalysisJob): Promise<AnalysisOutcome> { return Promise.resolve(this.analyzer.analyze(job)); }
  forget(uri: string): void { this.analyzer.forget(uri); }
  dispose(): void {}
}
