import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthorizationGuard } from './authorization.guard';
import { AuthenticationGuard } from './authentication.guard';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { throttlerOptions } from './throttler-options';
import { SmartConfigurationController } from './smart-configuration.controller';
import { SmartConfigurationService } from './smart-configuration.service';
import { TokenVerifier } from './token-verifier';

/**
 * Authentication (dev signer or OAuth2 issuer), authorisation per route, rate limiting per
 * client. Global guards run in the order registered here: authenticate (sets the principal,
 * refuses nothing), rate-limit (per verified client, else per address -- so bad tokens and
 * refused calls count too), authorise (401 / 403).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      useFactory: (config: AppConfig) => throttlerOptions(config.auth.rateLimit),
      inject: [APP_CONFIG],
    }),
  ],
  controllers: [SmartConfigurationController],
  providers: [
    TokenVerifier,
    SmartConfigurationService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
  exports: [TokenVerifier, SmartConfigurationService],
})
export class AuthModule {}
