import { Module } from '@nestjs/common';
import { StewardAssets } from './steward-assets';
import { StewardPageController } from './steward-page.controller';

/** The steward workbench: a static page over the review and person APIs (web/steward). */
@Module({
  controllers: [StewardPageController],
  providers: [{ provide: StewardAssets, useFactory: () => new StewardAssets() }],
})
export class StewardModule {}
