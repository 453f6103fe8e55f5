import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { applyServerTimeouts } from './auth/http-transport';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';
import { closeApp, createHttpApp } from './http-app';

async function main(): Promise<void> {
  const app = await createHttpApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  const server = await app.listen(config.http.port, config.http.host);
  applyServerTimeouts(server, config.http.requestTimeoutMs);
  const logger = new Logger('mpi');
  const scheme = config.tls.cert === null ? 'http' : 'https';
  logger.log(`MPI listening on ${scheme}://${config.http.host}:${config.http.port}`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    logger.log('shutting down');
    closeApp(app).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Boot errors are configuration problems (keys, database): their messages carry no PHI.
  process.stderr.write(
    `MPI failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
