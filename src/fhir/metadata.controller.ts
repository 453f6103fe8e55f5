import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { SmartConfigurationService } from '../auth/smart-configuration.service';
import { projectRoot } from '../config/app-config';
import { capabilityStatement } from './capability-statement';
import { FhirConfig } from '../config/fhir-section';
import { FHIR_CONFIG } from './fhir-config';
import { fhirBaseUrl, sendFhir } from './fhir-http';

/** GET /fhir/metadata: the CapabilityStatement, open to anyone (FHIR clients start here). */
@ApiTags('fhir')
@Controller('fhir/metadata')
export class MetadataController {
  private readonly version = readVersion();
  private readonly started = new Date().toISOString();

  constructor(
    private readonly smart: SmartConfigurationService,
    @Inject(FHIR_CONFIG) private readonly config: FhirConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The FHIR CapabilityStatement: Patient, its search parameters, $match and $ihe-pix',
  })
  async metadata(@Req() request: Request, @Res() response: Response): Promise<void> {
    const statement = capabilityStatement({
      baseUrl: fhirBaseUrl(request),
      date: this.started,
      softwareVersion: this.version,
      config: this.config,
      security: await this.smart.capabilitySecurity(),
    });
    sendFhir(response, 200, statement);
  }
}

function readVersion(): string {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8'),
    ) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
