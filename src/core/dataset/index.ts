export * from './types';
export { readAssertions } from './assertionSpec';
export { datasetFromText, findDataset, loadDataset, promptAssertions, promptBaseName } from './load';
export { defaultsRow } from './rows';
