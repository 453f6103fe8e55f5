import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { LinkDto, MergeDto, PinDto, ReasonDto } from './link-actions.dto';
import { PersonReadService } from './person-read.service';
import { pinValueFor } from './pin-value';
import { GoldenField } from './golden-record';
import { StewardActionsService } from './steward-actions.service';
import { UndoService } from './undo.service';

@ApiTags('persons')
@ApiBearerAuth()
@Controller('api')
export class PersonsController {
  constructor(
    private readonly reads: PersonReadService,
    private readonly actions: StewardActionsService,
    private readonly undos: UndoService,
  ) {}

  @Get('persons/:id')
  @Requires('patient:read')
  @ApiOperation({ summary: 'A golden record with provenance per field and its linked records' })
  person(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal) {
    return this.reads.person(id, actor);
  }

  @Get('persons/:id/as-of')
  @Requires('patient:read')
  @ApiOperation({ summary: 'The golden record as it stood at a past time (?at=ISO timestamp)' })
  asOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('at') at: string,
    @CurrentPrincipal() actor: Principal,
  ) {
    const when = new Date(at);
    if (!at || Number.isNaN(when.getTime()))
      throw new MpiError('invalid-input', 'at must be an ISO timestamp');
    return this.reads.personAsOf(id, when, actor);
  }

  @Get('persons/:id/history')
  @Requires('review')
  history(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal) {
    return this.reads.history(id, actor);
  }

  @Post('persons/:id/merge')
  @HttpCode(200)
  @Requires('review')
  @ApiOperation({ summary: 'Merge this person into another; its id then resolves to the survivor' })
  merge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MergeDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.actions.mergePersons(id, body.into, actor, body.reason ?? null);
  }

  @Post('persons/:id/pins')
  @HttpCode(200)
  @Requires('review')
  @ApiOperation({
    summary: 'Pin a golden value (survivorship override); value null removes the pin',
  })
  pin(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PinDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    const value = pinValueFor(body.field as GoldenField, body.value);
    return this.actions.pinValue(id, body.field, value, actor, body.reason ?? null);
  }

  @Post('records/:id/link')
  @HttpCode(200)
  @Requires('review')
  link(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LinkDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.actions.linkRecord(id, body.personId, actor, body.reason ?? null);
  }

  @Post('records/:id/unlink')
  @HttpCode(200)
  @Requires('review')
  unlink(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.actions.unlinkRecord(id, actor, body.reason ?? null);
  }

  @Post('records/:id/not-a-match')
  @HttpCode(200)
  @Requires('review')
  @ApiOperation({
    summary:
      'Declare the record not the person: a hard no for ever (the record leaves the person if in it)',
  })
  notAMatch(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LinkDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.actions.notAMatch(id, body.personId, actor, body.reason ?? null);
  }

  @Post('events/:id/undo')
  @HttpCode(200)
  @Requires('review')
  @ApiOperation({
    summary: 'Undo any link event (auto or manual link, unlink, merge, not-a-match, pin)',
  })
  undo(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ReasonDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.undos.undo(id, actor, body.reason ?? null);
  }
}
