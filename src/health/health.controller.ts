import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { MpiError } from '../common/mpi-error';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** Liveness and readiness: the database answers and the schema is migrated. */
  @Get()
  @Public()
  async health(): Promise<{ status: 'ok'; pendingMigrations: boolean }> {
    try {
      const pending = await this.dataSource.showMigrations();
      return { status: 'ok', pendingMigrations: pending };
    } catch {
      throw new MpiError('not-configured', 'the database is not reachable');
    }
  }
}
