import { Module } from '@nestjs/common';
import { AppModule } from '../app.module';
import { EvaluationModule } from '../evaluation/evaluation.module';

/**
 * The command line's container: the service's modules plus the tooling only the CLI runs
 * (evaluation truncates the link tables, so the HTTP app never holds it).
 */
@Module({ imports: [AppModule, EvaluationModule] })
export class CliModule {}
