import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const REVIEW_KINDS = [
  'possible-match',
  'merge-persons',
  'same-source-duplicate',
  'weak-chain',
  'ambiguous',
] as const;
export const REVIEW_STATUSES = ['open', 'decided', 'obsolete'] as const;
export const REVIEW_SORTS = ['created_at', '-created_at', 'probability', '-probability'] as const;

export class ReviewQueryDto {
  @IsOptional()
  @IsIn(REVIEW_KINDS)
  @ApiPropertyOptional({ enum: REVIEW_KINDS })
  kind?: (typeof REVIEW_KINDS)[number];

  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, default: 'open' })
  status?: (typeof REVIEW_STATUSES)[number];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional()
  source?: string;

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  @ApiPropertyOptional()
  minScore?: number;

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  @ApiPropertyOptional()
  maxScore?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // A hundred years; beyond it a date computed from the hours overflows (once a 500).
  @Max(876_000)
  @ApiPropertyOptional({ description: 'only tasks older than this many hours' })
  minAgeHours?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional()
  assignee?: string;

  @IsOptional()
  @IsIn(REVIEW_SORTS)
  @ApiPropertyOptional({ enum: REVIEW_SORTS, default: 'created_at' })
  sort?: (typeof REVIEW_SORTS)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // 1e300 is an integer too; its offset once overflowed PostgreSQL's bigint (a 500).
  @Max(100_000)
  @ApiPropertyOptional({ default: 1 })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  @ApiPropertyOptional({ default: 50 })
  pageSize?: number;
}

export const DECISIONS = ['link', 'merge', 'not-a-match', 'keep-separate'] as const;
export type Decision = (typeof DECISIONS)[number];

export class DecisionDto {
  @IsIn(DECISIONS)
  @ApiPropertyOptional({ enum: DECISIONS })
  decision!: Decision;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @ApiPropertyOptional()
  reason?: string;
}

export class AssignDto {
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional()
  assignee!: string;
}
