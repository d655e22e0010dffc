// The benchmark's floor for a first lens: no parsing, no counting, no worker.
const { appendFileSync } = require('node:fs');
const vscode = require('vscode');

exports.activate = (context) => {
  const started = performance.now();
  context.subscriptions.push(vscode.languages.registerCodeLensProvider({ pattern: '**/*.prompty' }, {
    provideCodeLenses: () => [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'lens-only in · /call', command: '' })],
  }));
  const file = process.env.PROMPTMETER_ACTIVATION_LOG;
  if (file) appendFileSync(file, `${performance.now() - started}\n`);
};
