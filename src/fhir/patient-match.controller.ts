import { All, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { fhirBaseUrl, sendFhir } from './fhir-http';
import { requireFhirJson } from './fhir-json';
import { PatientMatchService } from './patient-match.service';

/**
 * POST /fhir/Patient/$match. Registered before the Patient read and ingest routes, so that
 * `$match` is never taken for a Patient id: any other method answers 405.
 */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/Patient')
export class PatientMatchController {
  constructor(private readonly matcher: PatientMatchService) {}

  @Post('$match')
  @HttpCode(200)
  @Requires('match')
  @ApiOperation({
    summary:
      'Patient/$match: golden records that may be this patient, scored, graded and explained',
  })
  async match(
    @Req() request: Request,
    @Res() response: Response,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    requireFhirJson(request);
    const bundle = await this.matcher.match(request.body, actor, fhirBaseUrl(request));
    sendFhir(response, 200, bundle);
  }

  @All('$match')
  @Requires('match')
  notAllowed(@Res({ passthrough: true }) response: Response): never {
    response.setHeader('Allow', 'POST');
    throw new MpiError('method-not-allowed', '$match is invoked with POST');
  }
}
