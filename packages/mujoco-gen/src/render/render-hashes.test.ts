/**
 * Byte-level regression check of the renderer: the sha256 of a few small
 * renders of sampled towers, recorded before the renderer was split into
 * modules. Any change to a pixel of the ray caster, its culling, the
 * background cache or the anti-aliasing changes a hash here. The full set
 * (20 towers, 112 and 224 px) is printed by scripts/render-hashes.mjs.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleTower } from '../tower-sampler';
import { renderTower, renderTowerCloseUp } from './render-tower';

/** `tower index / framing / camera` -> sha256 of the 112 px PNG (seed 1234, as in scripts/render-hashes.mjs). */
const EXPECTED: Record<string, string> = {
  '0/shapestacks/0': '1a38247c58961ba7116a5e25921d111c5d00f7678525e850faf124b9ecb793f0',
  '0/shapestacks/2': '866df6bef2f0a210f564cf3ec3288659dcde6cdcafef4dd7690c7f55c19b588b',
  '0/close-up/0': 'c6c61cf13b4b59345bb3e54d5831d33afb7a91f01f7ae66532de9a2bf13dd693',
  '0/close-up/2': '519824af475da4aaf89194b2424ae7010a7096b288be0b99eb9bf0b23d99ae51',
  '1/shapestacks/1': '2775ad4c101642c819798fa0e0a9cbdbe1754bab25a8345b4ae462885d89f411',
  '1/shapestacks/3': '7cdcad8e128c85099fd79882faf95dafe14a34fdc692a3e04f9063f1877f4210',
  '1/close-up/1': '830edc5ead5e9d547e559e59997d4e5e527c24878c56f7e150fb8595fc93d5a4',
  '1/close-up/3': '00929966e9145e1563f2a4ab9002897e810cdffb3d57561f5ce3b30a5c7f958d',
  '2/shapestacks/2': '9269fd6894a09e6694aefec9843822e8a63fdc01b7b887b92c1343394b50c056',
  '2/shapestacks/0': 'd430b383a12a5e041eb981799b69108408ecae97bf994f8c7d6df7ed297c6eb0',
  '2/close-up/2': 'b32024928de3391f236cf63dc2fd0f5fe0313665b05a309a77f15162a52463aa',
  '2/close-up/0': 'a29af479ad42aa7b7f1f1b83c19a0ab8249c083dfc93c34687685f952c7b538f',
  '3/shapestacks/3': 'e95c389ada69e7c134627b8f84ea3dad8385b095f0167774f8ee43e9b1428672',
  '3/shapestacks/1': 'f32bfd289a83c3d720dab2b8d77c9e142dd96352b453d88788bb651804d09be2',
  '3/close-up/3': 'ea395305377666323ef985313ce3cd0e7b6ece35456080bbd1ada0e40d9674ba',
  '3/close-up/1': 'e39abac67bd461222299a4922b4b0af661fc3ebc61af984f53ef7c048ec172fc',
};

describe('renderer output', () => {
  it('stays byte-identical for sampled towers in both framings', () => {
    const categories = ['A', 'B', 'C', 'D'] as const;
    const actual: Record<string, string> = {};
    for (let index = 0; index < 4; index++) {
      const tower = sampleTower({ category: categories[index]!, height: 3 + index, seed: 1234, index });
      const request = { imageSize: 112, cameras: [index % 4, (index + 2) % 4] };
      for (const [framing, render] of [
        ['shapestacks', renderTower],
        ['close-up', renderTowerCloseUp],
      ] as const) {
        for (const view of render(tower, request)) {
          actual[`${index}/${framing}/${view.camera}`] = createHash('sha256').update(view.png).digest('hex');
        }
      }
    }
    expect(actual).toEqual(EXPECTED);
  });
});
