import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import {
  corsOptions,
  noStore,
  refuseNulInUrl,
  responseDeadline,
  screenJsonBody,
  securityHeaders,
  tlsOptions,
} from './auth/http-hardening';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';
import { sendError } from './common/mpi-exception.filter';
import { DATABASE_SERVER } from './database/database.module';
import { DatabaseServer } from './database/database-server';
import { assignRequestContext, enterRequestContext } from './telemetry/request-context.middleware';

const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/*+json'];
/** Deeper than any Patient or Parameters resource needs; see screenJsonBody. */
const MAX_JSON_DEPTH = 40;

/** Builds the HTTP application; main.ts listens on it, tests listen on a free port. */
export async function createHttpApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    httpsOptions: tlsOptions(),
  });
  // Structured JSON logs with the correlation id on every line (src/telemetry).
  app.useLogger(app.get(PinoLogger));
  const config = app.get<AppConfig>(APP_CONFIG);
  const httpLogger = new Logger('http');
  app.disable('x-powered-by');
  // Answers are no-store (below), so an ETag would only cost a hash of every body.
  app.set('etag', false);
  app.use(assignRequestContext);
  app.use(securityHeaders());
  app.use(noStore);
  const cors = corsOptions();
  if (cors) app.enableCors(cors);
  app.use(refuseNulInUrl);
  app.use(
    responseDeadline(config.http.requestTimeoutMs, (error, request, response) =>
      sendError(error, request, response, httpLogger),
    ),
  );
  app.use(express.json({ type: JSON_TYPES, limit: config.http.bodyLimitBytes, strict: false }));
  app.use(screenJsonBody(MAX_JSON_DEPTH));
  app.use(enterRequestContext);
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
  return app;
}

/** Closes the app, then the embedded database if this process started it. */
export async function closeApp(app: INestApplication): Promise<void> {
  const server = app.get<DatabaseServer>(DATABASE_SERVER);
  await app.close();
  await server.release();
}
