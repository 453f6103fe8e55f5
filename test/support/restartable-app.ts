import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { closeApp, createHttpApp } from '../../src/http-app';

/**
 * The real HTTP application, restarted on demand with another environment, as an operator
 * restarts the service on a new data key or model version.
 */
export class RestartableApp {
  private app: INestApplication | null = null;

  /** Stops the running instance, if any, and starts one with exactly `env`; returns its URL. */
  async restart(env: NodeJS.ProcessEnv): Promise<string> {
    await this.stop();
    process.env = { ...env };
    const app = await createHttpApp();
    this.app = app;
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (this.app) await closeApp(this.app);
    this.app = null;
  }
}
