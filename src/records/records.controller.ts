import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { assertMayWriteSources } from '../auth/source-binding';
import { ingestAnswerFor } from './ingest-answer';
import { IngestService, IngestSummary } from './ingest.service';
import { RecordBatchDto } from './record.dto';

@ApiTags('records')
@ApiBearerAuth()
@Controller('api/records')
export class RecordsController {
  constructor(
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Requires('record:write')
  @ApiOperation({
    summary:
      'Upsert a batch of source records of the sources this client may write; each is matched and linked (person and link shown only to callers that may read patients)',
  })
  async upsert(
    @Body() body: RecordBatchDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestSummary> {
    if (body.records.length > this.config.http.maxBatch) {
      throw new MpiError('too-large', `a batch holds at most ${this.config.http.maxBatch} records`);
    }
    assertMayWriteSources(
      principal,
      body.records.map((r) => r.source ?? ''),
    );
    return ingestAnswerFor(await this.ingest.ingest(body.records, principal), principal);
  }
}
