import type { Database } from '../db/connection.ts';

/** A stored upload (table `files`): the bytes live on disk under their SHA-256. */
export interface FileRow {
  sha256: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  created_at: string;
  created_by: string | null;
}

export class FileRepository {
  constructor(private readonly db: Database) {}

  async get(sha256: string): Promise<FileRow | null> {
    return ((await this.db.read('files').where({ sha256 }).first()) as FileRow | undefined) ?? null;
  }

  /** Records a file once; the same content uploaded again keeps its first row. */
  async insertIfAbsent(row: FileRow): Promise<void> {
    await this.db.knex('files').insert(row).onConflict('sha256').ignore();
  }
}
