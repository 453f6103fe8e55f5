import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/auth.decorators';
import { Hl7Counts } from './hl7-counts';

@ApiTags('hl7')
@ApiBearerAuth()
@Controller('api/hl7')
export class Hl7Controller {
  constructor(private readonly counts: Hl7Counts) {}

  @Get('counts')
  @Requires('admin')
  @ApiOperation({
    summary:
      'HL7 v2 messages this instance handled, by message type and ACK code, and dead letters',
  })
  get(): ReturnType<Hl7Counts['snapshot']> {
    return this.counts.snapshot();
  }
}
