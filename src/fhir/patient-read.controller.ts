import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { AllowsPatientContext, CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { fhirBaseUrl, sendFhir } from './fhir-http';
import { PatientReadService } from './patient-read.service';
import { PatientSearchService } from './patient-search.service';

/** Golden records (and source records) as Patients: read and search. */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/Patient')
export class PatientReadController {
  constructor(
    private readonly reads: PatientReadService,
    private readonly searches: PatientSearchService,
  ) {}

  @Get()
  @Requires('patient:read')
  @ApiOperation({
    summary:
      'Search golden records: identifier, family, given, birthdate, gender, phone, email, address-postalcode',
  })
  async search(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    sendFhir(response, 200, await this.searches.search(query, actor, fhirBaseUrl(request)));
  }

  @Get(':id')
  @Requires('patient:read')
  @AllowsPatientContext()
  @ApiOperation({
    summary:
      'A golden record (or a source record) as a Patient; a merged-away id is replaced-by its survivor',
  })
  async read(
    @Param('id') id: string,
    @Res() response: Response,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    sendFhir(response, 200, await this.reads.read(id, actor));
  }
}
