import type { CheckReport } from './check';

const GATE_TEXT: Record<string, string> = {
  'max-usd-per-call': 'A prompt costs more per call than its gate allows',
  'max-tokens': 'A prompt has more input tokens than its gate allows',
  'max-increase-pct': 'A prompt grew by more than its gate allows against the base revision',
  'max-usd-per-month': 'A prompt costs more per month, at its call volume, than its gate allows',
  parse: 'The prompt file does not parse',
};

/** SARIF 2.1.0 for code scanning: broken gates and lint findings as results pointing at lines. */
export function checkSarif(report: CheckReport, version: string): object {
  const results = report.files.flatMap((f) => f.results.filter((r) => !(r.kind === 'gate' && r.pass)));
  const ids = [...new Set(results.map((r) => r.ruleId))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: {
        name: 'promptmeter', version, informationUri: 'https://example.invalid/promptmeter',
        rules: ids.map((id) => ({
          id, name: id.replace(/[^A-Za-z0-9]+/g, ''),
          shortDescription: { text: GATE_TEXT[id] ?? `Promptmeter lint rule ${id}` },
          ...(/^PM\d+$/.test(id) ? { helpUri: `https://example.invalid/promptmeter/docs/rules/${id}.md` } : {}),
        })),
      } },
      results: results.map((r) => ({
        ruleId: r.ruleId, ruleIndex: ids.indexOf(r.ruleId),
        level: r.kind === 'gate' ? 'error' : r.pass ? r.level : 'error',
        message: { text: r.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.path }, region: { startLine: r.line, startColumn: r.column } } }],
      })),
    }],
  };
}
