export { DEFAULTS } from './defaults';
export { SETTING_KEYS, type RuleSeverity, type Settings } from './keys';
