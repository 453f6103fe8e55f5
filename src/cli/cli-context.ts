import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as os from 'node:os';
import { permissionsOf } from '../auth/permissions';
import { Principal } from '../auth/principal';
import { DATABASE_SERVER } from '../database/database.module';
import { DatabaseServer } from '../database/database-server';
import { CliModule } from './cli.module';

/** The CLI acts as a local administrator; its audit entries name the OS user. */
export function cliPrincipal(): Principal {
  return {
    subject: `cli:${os.userInfo().username}`,
    client: 'mpi-cli',
    roles: ['admin'],
    permissions: permissionsOf(['admin']),
  };
}

/** Boots the services without HTTP, runs `work`, then closes the pool and any embedded server. */
export async function withAppContext<T>(
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    const server = app.get<DatabaseServer>(DATABASE_SERVER);
    await app.close();
    await server.release();
  }
}
