import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { SmartConfiguration, SmartConfigurationService } from './smart-configuration.service';

@ApiTags('auth')
@Controller('.well-known')
export class SmartConfigurationController {
  constructor(private readonly smart: SmartConfigurationService) {}

  @Get('smart-configuration')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'SMART App Launch configuration: token endpoint, scopes, capabilities' })
  document(): Promise<SmartConfiguration> {
    return this.smart.document();
  }
}
