// Files that could not be used, each with its reason: listed up to a bound
// (a folder of 100,000 broken files must not fill the memory), counted beyond.
import type { SkippedItem } from '../../shared/types';
import { MAX_LISTED_SKIPS } from './limits';

export class SkipList {
  readonly items: SkippedItem[] = [];
  count = 0;

  constructor(private readonly max = MAX_LISTED_SKIPS) {}

  add(path: string, reason: string): void {
    this.count++;
    if (this.items.length < this.max) this.items.push({ path, reason });
  }
}
