/**
 * Names how two settings objects differ, field by field (`epochs 1 -> 2`),
 * so a refused resume can say which settings it would have mixed.
 */

const show = (value: unknown) => (value === undefined ? 'not recorded' : JSON.stringify(value));

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields in which `wanted` differs from `recorded`, as `path recorded -> wanted`
 * texts (nested fields joined with dots); empty when they are equal.
 */
export function settingsDifferences(recorded: unknown, wanted: unknown, path = ''): string[] {
  if (isPlainObject(recorded) && isPlainObject(wanted)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(wanted)])];
    return keys.flatMap((key) =>
      settingsDifferences(recorded[key], wanted[key], path ? `${path}.${key}` : key),
    );
  }
  if (JSON.stringify(recorded) === JSON.stringify(wanted)) return [];
  return [`${path || 'settings'} ${show(recorded)} -> ${show(wanted)}`];
}
