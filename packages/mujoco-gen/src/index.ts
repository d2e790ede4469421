export type { ScenarioName } from './scenario-name';
export { formatScenarioName, isGloballyStable, parseScenarioName } from './scenario-name';
