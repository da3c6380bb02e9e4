// A copy of the bench profile's database plus 500 image attachments (the
// corpus the backup, snapshot and sync benchmarks work on), so the other
// scenarios' profile stays as it was.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../main/db/open-database';
import { DocumentStore } from '../main/db/document-store';
import { createImageAttachment } from '../main/attachments/create-attachment';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpora/images');
export const IMAGE_COUNT = 500;

/** Copies the profile's database to `dir`, adds IMAGE_COUNT images from ../shared/corpora/images, and returns it open. */
export async function profileWithImages(profile: string, dir: string): Promise<Database> {
  fs.cpSync(path.join(profile, 'db', 'notes'), dir, { recursive: true });
  const db = openDatabase(dir);
  const images = fs.readdirSync(IMAGES).filter((f) => /\.(png|jpe?g|gif|webp|svg)$/i.test(f)).map((f) => fs.readFileSync(path.join(IMAGES, f)));
  const store = new DocumentStore(db);
  for (let i = 0; i < IMAGE_COUNT && images.length > 0; i++) {
    await createImageAttachment(store, { name: `image-${i}`, bytes: images[i % images.length]! });
  }
  return db;
}
