/**
 * Decides when a CodeLens provider should fire `onDidChangeCodeLenses`. VS Code answers each change event by
 * restarting its request timer (and cancelling a request in flight), so firing for news that a pending request
 * will carry, that an edit already makes VS Code ask for, or that changes no title only postpones the lens.
 */
export class LensChangeGate {
  /** Per document: the version and lens signature the provider last answered with. */
  private readonly served = new Map<string, { version: number; signature: string }>();
  /** Per document: requests still waiting for their state. */
  private readonly pending = new Map<string, number>();

  /** A request for `uri` started waiting for its state. */
  begin(uri: string): void { this.pending.set(uri, (this.pending.get(uri) ?? 0) + 1); }

  /** That request answered for `version` with lenses of `signature` (undefined: cancelled, nothing answered). */
  end(uri: string, version: number, signature: string | undefined): void {
    const n = (this.pending.get(uri) ?? 1) - 1;
    if (n > 0) this.pending.set(uri, n); else this.pending.delete(uri);
    if (signature !== undefined) this.served.set(uri, { version, signature });
  }

  /**
   * News for version `version` of `uri`, whose lenses would now have `signature`. Fire only when lenses VS Code
   * shows for that same version would change: a waiting request answers with the news anyway, an edit makes VS Code
   * ask again by itself, and a document never asked about is not shown.
   */
  shouldFire(uri: string, version: number, signature: string): boolean {
    if (this.pending.has(uri)) return false;
    const served = this.served.get(uri);
    return served !== undefined && served.version === version && served.signature !== signature;
  }

  /** Whether VS Code holds lenses for `uri` (the provider has answered for it). */
  isShown(uri: string): boolean { return this.served.has(uri); }

  forget(uri: string): void { this.served.delete(uri); this.pending.delete(uri); }
}
