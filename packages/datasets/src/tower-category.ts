/**
 * The paper's four tower categories (Section 4, Fig. 2) and its easy/hard
 * split: in easy towers (A: stable, D: locally and globally unstable) local
 * and global stability agree; in hard ones (B, C) they disagree. The one
 * definition the reader, the generator and the experiments share.
 */

/** The paper's tower categories (Fig. 2). Easy: A, D; hard: B, C. */
export type TowerCategory = 'A' | 'B' | 'C' | 'D';

/** All categories, in order. */
export const TOWER_CATEGORIES: readonly TowerCategory[] = ['A', 'B', 'C', 'D'];

/** The easy categories: local and global stability agree. */
export const EASY_CATEGORIES: readonly TowerCategory[] = ['A', 'D'];

/** The hard categories: local and global stability disagree. */
export const HARD_CATEGORIES: readonly TowerCategory[] = ['B', 'C'];

/** Whether `category` is one of the easy ones (A or D). */
export function isEasyCategory(category: TowerCategory): boolean {
  return EASY_CATEGORIES.includes(category);
}
