import { describe, expect, it } from 'vitest';
import { EASY_CATEGORIES, HARD_CATEGORIES, isEasyCategory, TOWER_CATEGORIES } from './tower-category';

describe('tower categories', () => {
  it('splits A and D (easy) from B and C (hard), as the paper does', () => {
    expect(TOWER_CATEGORIES.filter(isEasyCategory)).toEqual(['A', 'D']);
    expect(TOWER_CATEGORIES.filter((c) => !isEasyCategory(c))).toEqual([...HARD_CATEGORIES]);
    expect([...EASY_CATEGORIES, ...HARD_CATEGORIES].sort()).toEqual([...TOWER_CATEGORIES]);
  });
});
