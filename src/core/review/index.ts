export { checkPrompts, type CheckReport, type CheckResult, type FileCheck } from './check';
export { diffPrompts, fileDiff, volumeFor, type DiffReport, type FileDiff, type Volume } from './diff';
export { gateValue, gatesFor, parseGateConfig, type GateRule, type Gates } from './gates';
export { changedFiles, fileAt, git, repoRoot } from './git';
export { promptHistory, type HistoryPoint } from './history';
export { checkMarkdown } from './markdown';
export { measurePrompt, prefixNote, type SideCost } from './measure';
export { checkSarif } from './sarif';
