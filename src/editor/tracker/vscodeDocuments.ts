import * as vscode from 'vscode';
import type { DocumentSource } from './documentTracker';

/** The workspace's text documents as a tracker source. */
export function vscodeDocumentSource(): DocumentSource<vscode.TextDocument> {
  return {
    documents: () => vscode.workspace.textDocuments,
    onDidOpen: vscode.workspace.onDidOpenTextDocument,
    onDidChange: vscode.workspace.onDidChangeTextDocument,
    onDidClose: vscode.workspace.onDidCloseTextDocument,
  };
}
