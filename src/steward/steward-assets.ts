import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MpiError } from '../common/mpi-error';
import { projectRoot } from '../config/app-config';

/**
 * The steward page's files: the HTML shell and stylesheet from web/steward (served as
 * written), the scripts as tsc -p tsconfig.web.json compiled them into dist/steward-web.
 * Only names made of lowercase letters, digits and dashes are looked up, so a request can
 * never reach outside those two folders.
 */
export interface StewardAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

const SCRIPT_NAME = /^[a-z0-9-]+$/;

export class StewardAssets {
  constructor(private readonly root: string = projectRoot()) {}

  page(): Promise<StewardAsset> {
    return this.read(
      path.join(this.root, 'web', 'steward', 'index.html'),
      'text/html; charset=utf-8',
    );
  }

  stylesheet(): Promise<StewardAsset> {
    return this.read(
      path.join(this.root, 'web', 'steward', 'steward.css'),
      'text/css; charset=utf-8',
    );
  }

  /** `name` with or without `.js`: the modules import each other without extensions. */
  script(name: string): Promise<StewardAsset> {
    const bare = name.endsWith('.js') ? name.slice(0, -3) : name;
    if (!SCRIPT_NAME.test(bare)) throw new MpiError('not-found', 'no such steward asset');
    return this.read(
      path.join(this.root, 'dist', 'steward-web', `${bare}.js`),
      'text/javascript; charset=utf-8',
      bare === 'main',
    );
  }

  private async read(file: string, contentType: string, required = false): Promise<StewardAsset> {
    try {
      return { body: await readFile(file), contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (required)
        throw new MpiError('not-configured', 'the steward page is not built: run npm run build');
      throw new MpiError('not-found', 'no such steward asset');
    }
  }
}
