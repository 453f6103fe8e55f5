import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { STEWARD_PAGE_HEADERS } from './page-security-headers';
import { StewardAsset, StewardAssets } from './steward-assets';

/**
 * Serves the steward workbench at /steward. The files are public (they hold no data); every
 * call the page makes to /api carries the steward's token and is authorised there.
 */
@ApiExcludeController()
@Controller('steward')
@Public()
export class StewardPageController {
  constructor(private readonly assets: StewardAssets) {}

  @Get()
  async page(@Res() res: Response): Promise<void> {
    send(res, await this.assets.page());
  }

  @Get('steward.css')
  async stylesheet(@Res() res: Response): Promise<void> {
    send(res, await this.assets.stylesheet());
  }

  @Get('js/:name')
  async script(@Param('name') name: string, @Res() res: Response): Promise<void> {
    send(res, await this.assets.script(name));
  }
}

function send(res: Response, asset: StewardAsset): void {
  res.set(STEWARD_PAGE_HEADERS).type(asset.contentType).send(asset.body);
}
