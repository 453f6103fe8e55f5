import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { AssignDto, DecisionDto, ReviewQueryDto } from './review-query.dto';
import { ReviewService } from './review.service';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/reviews')
@Requires('review')
export class ReviewController {
  constructor(private readonly reviews: ReviewService) {}

  @Get()
  @ApiOperation({ summary: 'Review tasks, filtered, sorted and paged' })
  list(@Query() query: ReviewQueryDto) {
    return this.reviews.list(query);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Open tasks by kind and by age, for staffing' })
  counts() {
    return this.reviews.counts();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task with both sides and its full explanation' })
  task(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal) {
    return this.reviews.taskWithSides(id, actor);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide: link, merge, not-a-match (a hard no for ever) or keep-separate',
  })
  decide(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.reviews.decide(id, body.decision, body.reason ?? null, actor);
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.reviews.assign(id, body.assignee, actor);
  }
}
