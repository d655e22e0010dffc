import type * as vscode from 'vscode';

/** Owns what it registers and disposes it all once (the pattern of VS Code's Markdown extension). */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose(); else this.owned.push(d);
    return d;
  }

  protected get isDisposed(): boolean { return this.disposed; }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.owned.length) this.owned.pop()!.dispose();
  }
}
