import { Controller, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { assertMayWriteSources } from '../auth/source-binding';
import { MpiError } from '../common/mpi-error';
import { IngestService } from '../records/ingest.service';
import { FHIR_JSON, requireFhirJson } from './fhir-json';
import { patientToCanonical } from '../formats/patient-to-canonical';

/** Source records sent as FHIR Patients: create with POST, create-or-update with PUT. */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/Patient')
export class PatientIngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(201)
  @Requires('record:write')
  @ApiOperation({
    summary: 'Ingest one source record as a FHIR Patient (identifier typed MR is the key)',
  })
  async create(
    @Req() request: Request,
    @Res() response: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    requireFhirJson(request);
    await this.store(request.body, undefined, principal, response);
  }

  @Put(':id')
  @Requires('record:write')
  @ApiOperation({
    summary: 'Create or update one source record; without an MR identifier the key is (fhir, id)',
  })
  async update(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    requireFhirJson(request);
    const body: unknown = request.body;
    const bodyId =
      typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
    if (bodyId !== undefined && bodyId !== id) {
      throw new MpiError('invalid-input', 'Patient.id must equal the id in the URL', [
        { location: 'Patient.id', reason: 'id mismatch' },
      ]);
    }
    await this.store(body, { source: 'fhir', sourceId: id }, principal, response);
  }

  private async store(
    body: unknown,
    fallback: { source: string; sourceId: string } | undefined,
    principal: Principal,
    response: Response,
  ): Promise<void> {
    const mapped = patientToCanonical(body, fallback);
    if ('errors' in mapped)
      throw new MpiError('invalid-input', 'the Patient is not valid', mapped.errors);
    assertMayWriteSources(principal, [mapped.record.source ?? '']);
    const { outcomes } = await this.ingest.ingest([mapped.record], principal);
    const outcome = outcomes[0];
    if (!outcome || outcome.status === 'rejected') {
      throw new MpiError(
        'invalid-input',
        'the Patient is not valid',
        (outcome?.errors ?? []).map((e) => ({ location: e.field, reason: e.reason })),
      );
    }
    const status = outcome.status === 'created' ? 201 : 200;
    const patient = { ...(body as object), id: outcome.recordId };
    response
      .status(status)
      .location(`Patient/${outcome.recordId}`)
      .type(FHIR_JSON)
      .send(JSON.stringify(patient));
  }
}
