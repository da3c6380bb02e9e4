// Tags: create, rename, recolor, delete (which also takes the tag off every note).
import type { DocumentStore } from '../db/document-store';
import type { NoteDoc, TagColor, TagDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';
import { UserError } from './notes-service';

export class TagsService {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(name: string, color: TagColor = 'default'): Promise<TagDoc> {
    await this.requireUniqueName(name);
    const time = this.now();
    return this.store.put<TagDoc>({ _id: newId('tag'), name: name.trim(), color, createdAt: time, updatedAt: time });
  }

  async update(id: string, patch: { name?: string; color?: TagColor }): Promise<TagDoc> {
    const tag = await this.require(id);
    if (patch.name !== undefined) await this.requireUniqueName(patch.name, id);
    return this.store.put({
      ...tag,
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.color !== undefined ? { color: patch.color } : {}),
      updatedAt: this.now(),
    });
  }

  async delete(id: string): Promise<{ untaggedNotes: number }> {
    const tag = await this.require(id);
    const time = this.now();
    const notes = (await this.store.allOfType('note'))
      .filter((n: NoteDoc) => (n.tags ?? []).includes(id))
      .map((n: NoteDoc) => ({ ...n, tags: n.tags.filter((t) => t !== id), updatedAt: Math.max(time, n.updatedAt) }));
    if (notes.length > 0) await this.store.putMany(notes);
    await this.store.db.remove(tag._id, tag._rev!);
    return { untaggedNotes: notes.length };
  }

  private async require(id: string): Promise<TagDoc> {
    const tag = id.startsWith('tag:') ? await this.store.get<TagDoc>(id) : null;
    if (!tag) throw new UserError('That tag no longer exists.');
    return tag;
  }

  private async requireUniqueName(name: string, exceptId?: string): Promise<void> {
    const wanted = name.trim().toLocaleLowerCase();
    if (!wanted) throw new UserError('A tag needs a name.');
    const clash = (await this.store.allOfType('tag')).find(
      (t: TagDoc) => t._id !== exceptId && t.name.trim().toLocaleLowerCase() === wanted,
    );
    if (clash) throw new UserError(`There is already a tag named “${clash.name}”.`);
  }
}
