import * as path from 'node:path';
import { projectRoot } from '../../config/app-config';
import { KeyMaterial } from '../../config/key-material';
import { loadReferenceTables } from '../../config/reference-tables';
import { MatchModel } from '../../matching/model/match-model';
import { storedBlockKeysOf } from '../../retrieval/pair-scorer';
import { TokenService } from '../../tokens/token.service';
import { PreparationTools } from '../record-preparer';

/**
 * What prepareRecord needs off the main thread (a bulk import's workers, the preparation
 * check): the reference tables, a token service holding the data keys only -- the signing
 * and audit secrets never leave the main thread -- and the model's blocking keys.
 */
export function workerPreparationTools(
  dataKeys: readonly KeyMaterial[],
  model: MatchModel,
): PreparationTools {
  const tokens = new TokenService({
    dataKeys: [...dataKeys],
    jwtSecret: Buffer.alloc(0),
    auditKey: Buffer.alloc(0),
  });
  return {
    tables: loadReferenceTables(path.join(projectRoot(), 'data', 'reference')),
    tokens,
    storedBlockKeys: (features) => storedBlockKeysOf(model, tokens, features),
  };
}
