/**
 * ShapeStacks scenario names. The format is defined once, in
 * `@steth/datasets` (which reads what this package writes); re-exported here
 * so that generator code and users of this package need only one import.
 */

export type { ScenarioName } from '@steth/datasets';
export { formatScenarioName, isGloballyStable, parseScenarioName } from '@steth/datasets';
