import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { ReferenceTables } from '../matching/normalize/reference-tables';
import { projectRoot } from './app-config';
import { loadReferenceTables } from './reference-tables';

/** Reference tables (nicknames), read once at boot from data/reference. */
@Injectable()
export class ReferenceTablesProvider {
  readonly tables: ReferenceTables = loadReferenceTables(
    path.join(projectRoot(), 'data', 'reference'),
  );
}
