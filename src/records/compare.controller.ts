import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { PairExplanation } from '../matching/score/explanation';
import { MatchClass } from '../matching/model/match-class';
import { CompareDto } from './compare.dto';
import { MatchQueryService } from '../retrieval/match-query.service';
import { PairScorer } from '../retrieval/pair-scorer';

/** "Are these two the same person?" Nothing is stored; the values are the caller's own. */
@ApiTags('match')
@ApiBearerAuth()
@Controller('api/compare')
export class CompareController {
  constructor(
    private readonly query: MatchQueryService,
    private readonly scorer: PairScorer,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @Requires('match')
  @ApiOperation({ summary: 'Score two records against each other, with the full explanation' })
  async compare(
    @Body() body: CompareDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<{
    probability: number;
    weight: number;
    class: MatchClass;
    explanation: PairExplanation;
  }> {
    const score = this.scorer.explain(
      this.query.featuresOf(body.a),
      this.query.featuresOf(body.b),
      true,
    );
    await this.audit.recordAlone(actor, {
      action: 'match.compare',
      outcome: 'success',
      detail: { class: score.matchClass },
    });
    return {
      probability: score.probability,
      weight: score.weight,
      class: score.matchClass,
      explanation: score.explanation,
    };
  }
}
