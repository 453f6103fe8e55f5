import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, projectRoot } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MatchModel } from '../matching/model/match-model';
import { parseMatchModel } from '../matching/model/parse-match-model';
import { MatchModelRepository } from './match-model.repository';

export const DEFAULT_MODEL_PATH = path.join(projectRoot(), 'data', 'models', 'default.json');

/**
 * The model that scores: MPI_MODEL_PATH when set, else the newest trained version in the
 * database (shared by every instance), else the checked-in default.
 */
@Injectable()
export class MatchModelProvider implements OnModuleInit {
  private current: MatchModel;

  constructor(
    private readonly dataSource: DataSource,
    private readonly models: MatchModelRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.current = readModelFile(config.match.modelPath ?? DEFAULT_MODEL_PATH);
  }

  get model(): MatchModel {
    return this.current;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<MatchModel> {
    if (this.config.match.modelPath) return this.current;
    const newest = await this.models.newest(this.dataSource.manager);
    if (newest !== undefined) this.current = parseMatchModel(newest);
    return this.current;
  }

  async save(model: MatchModel, summary: unknown, actor: string): Promise<void> {
    await this.models.insert(this.dataSource.manager, model, summary, actor);
    this.current = model;
  }
}

export function readModelFile(file: string): MatchModel {
  return parseMatchModel(JSON.parse(fs.readFileSync(file, 'utf8')));
}
