import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { fhirBaseUrl, sendFhir, sendOutcome } from './fhir-http';
import { parsePixQuery } from './pix-query';
import { PixService } from './pix.service';

/**
 * IHE PIXm Get Corresponding Identifiers [ITI-83]. The failure answers are the ones the
 * transaction fixes, status, issue code and diagnostics alike (2:3.83.4.2.2.2-4).
 */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/Patient')
export class PixController {
  constructor(private readonly pix: PixService) {}

  @Get('$ihe-pix')
  @Requires('patient:read')
  @ApiOperation({
    summary:
      'PIXm: the other identifiers of a patient and its golden record (sourceIdentifier=system|value)',
  })
  async crossReference(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const answer = await this.pix.crossReference(parsePixQuery(query), actor, fhirBaseUrl(request));
    switch (answer.kind) {
      case 'found':
        return sendFhir(response, 200, answer.parameters);
      case 'not-found':
        return sendOutcome(
          response,
          404,
          'not-found',
          'sourceIdentifier Patient Identifier not found',
        );
      case 'unknown-domain':
        return sendOutcome(
          response,
          400,
          'code-invalid',
          'sourceIdentifier Assigning Authority not found',
        );
      case 'unknown-target':
        return sendOutcome(response, 403, 'code-invalid', 'targetSystem not found');
    }
  }
}
