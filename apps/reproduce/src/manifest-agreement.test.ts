import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTowerManifest } from '@steth/datasets';
import type { ManifestRecord } from '@steth/mujoco-gen';
import { describe, expect, it } from 'vitest';

describe('manifest.jsonl: what @steth/mujoco-gen writes is what @steth/datasets reads', () => {
  it('reads scenario, category, globallyStable, locallyStable and origin from a generator record', () => {
    // Typed as the generator's record, so a renamed field fails the typecheck here.
    const fields: Pick<
      ManifestRecord,
      'scenario' | 'category' | 'globallyStable' | 'locallyStable' | 'origin'
    > = {
      scenario: 'blocks-hard-h=4-vcom=2-vpsf=0-v=7',
      category: 'B',
      globallyStable: false,
      locallyStable: true,
      origin: 2,
    };
    const dir = mkdtempSync(join(tmpdir(), 'steth-manifest-'));
    const file = join(dir, 'manifest.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ index: 7, round: 0, difficulty: 'hard', height: 4, ...fields })}\n`,
    );
    expect(readTowerManifest(file).get(fields.scenario)).toMatchObject(fields);
  });
});
