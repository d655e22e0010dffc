export { DEFAULTS } from './defaults';
export { SETTING_KEYS, type RuleSeverity, type Settings } from './keys';
export { ANALYSIS_SETTINGS, changedSettings, LINT_SETTINGS } from './changes';
