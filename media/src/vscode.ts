import type { PageMessage, SpendFilter } from '../../src/core/spend/protocol';

/** Only UI state survives a hidden webview: the data always comes again from the host. */
export interface UiState {
  filter?: SpendFilter;
  sort?: { key: string; dir: 'ascending' | 'descending' };
}

export interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): UiState | undefined;
  setState(state: UiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** `acquireVsCodeApi` may be called only once per page. */
export const vscode: VsCodeApi = acquireVsCodeApi();

export function updateState(patch: Partial<UiState>): void {
  vscode.setState({ ...(vscode.getState() ?? {}), ...patch });
}
