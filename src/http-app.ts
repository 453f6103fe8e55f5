import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { authenticateBeforeBody } from './auth/body-gate';
import { routeJsonParser } from './auth/body-limits';
import {
  corsOptions,
  noStore,
  refuseNulInUrl,
  responseDeadline,
  screenJsonBody,
  securityHeaders,
  tlsOptions,
} from './auth/http-transport';
import { TokenVerifier } from './auth/token-verifier';
import { AppConfig } from './config/app-config';
import { loadConfig } from './config/load-config';
import { APP_CONFIG } from './config/config.module';
import { middlewareChain } from './common/middleware-chain';
import { sendError } from './common/mpi-exception.filter';
import { PUBLIC_BASE_URL_SETTING } from './common/public-base-url';
import { DATABASE_SERVER } from './database/database.module';
import { DatabaseServer } from './database/database-server';
import { MllpListener } from './hl7/mllp-listener';
import { NestLogger } from './telemetry/nest-logger';
import { assignRequestContext, enterRequestContext } from './telemetry/request-context.middleware';
import { logRequests } from './telemetry/request-log.middleware';
import { SERVICE_LOGGER } from './telemetry/telemetry.module';

/**
 * Deeper than any Patient or Parameters resource needs, and more values than a full batch of
 * records holds (1000 records of about 40 keys and values each); see screenJsonBody.
 */
const JSON_SCREEN = { maxDepth: 40, maxNodes: 200_000 };

/** Builds the HTTP application; main.ts listens on it, tests listen on a free port. */
export async function createHttpApp(): Promise<INestApplication> {
  // Nest takes the certificate as it makes the server, before its container (which holds the
  // configuration) exists: the `tls` section is read for it here, from the same environment.
  const tls = loadConfig().tls;
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    httpsOptions: tlsOptions(tls),
  });
  // Structured JSON logs with the correlation id on every line (src/telemetry).
  app.useLogger(app.get(NestLogger));
  const config = app.get<AppConfig>(APP_CONFIG);
  const httpLogger = new Logger('http');
  app.disable('x-powered-by');
  app.set(PUBLIC_BASE_URL_SETTING, config.http.publicBaseUrl);
  // Answers are no-store (below), so an ETag would only cost a hash of every body.
  app.set('etag', false);
  // The app's own middlewares run as two layers of Express's router, not one each
  // (common/middleware-chain.ts); CORS, when configured, goes between them as before.
  app.use(middlewareChain(assignRequestContext, securityHeaders(), noStore));
  const cors = corsOptions(config.cors);
  if (cors) app.enableCors(cors);
  app.use(
    middlewareChain(
      refuseNulInUrl,
      responseDeadline(config.http.requestTimeoutMs, (error, request, response) =>
        sendError(error, request, response, httpLogger),
      ),
      // No body is read before its bearer token is verified, then only up to its route's limit.
      authenticateBeforeBody(app.get(TokenVerifier)),
      routeJsonParser(config.http.bodyLimitBytes),
      screenJsonBody(JSON_SCREEN),
      enterRequestContext,
      logRequests(app.get<PinoLogger>(SERVICE_LOGGER)),
    ),
  );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Validation messages name the field and the rule, never the submitted value.
      validationError: { target: false, value: false },
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Master Patient Index')
      .setDescription('Ingest, match and link patient records; FHIR R4 lives under /fhir.')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  // Body-parser failures happen before Nest's filters; answer them the same way.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    sendError(error, request, response, httpLogger);
  });
  // The HL7 v2 door listens beside HTTP when MPI_HL7_PORT is set (the CLI never starts it).
  await app.get(MllpListener).start();
  return app;
}

/** Closes the app, then the embedded database if this process started it. */
export async function closeApp(app: INestApplication): Promise<void> {
  const server = app.get<DatabaseServer>(DATABASE_SERVER);
  await app.close();
  await server.release();
}
