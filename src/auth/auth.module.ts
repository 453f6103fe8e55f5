import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard } from './auth.guard';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { loadRateLimit, throttlerOptions } from './rate-limit-config';
import { SmartConfigurationController } from './smart-configuration.controller';
import { SmartConfigurationService } from './smart-configuration.service';
import { TokenVerifier } from './token-verifier';

/**
 * Authentication (dev signer or OAuth2 issuer), authorisation per route, rate limiting per
 * client. The guards run in this order: the throttler needs the verified principal to count
 * per client rather than per address.
 */
@Module({
  imports: [ThrottlerModule.forRootAsync({ useFactory: () => throttlerOptions(loadRateLimit()) })],
  controllers: [SmartConfigurationController],
  providers: [
    TokenVerifier,
    SmartConfigurationService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
  ],
  exports: [TokenVerifier, SmartConfigurationService],
})
export class AuthModule {}
