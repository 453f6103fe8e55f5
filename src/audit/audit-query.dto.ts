import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;

/** GET /api/audit: filters (all optional, combined with AND) and paging, newest first. */
export class AuditQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'token subject (sub)' })
  actor?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'OAuth client id' })
  client?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9._$ /:-]+$/)
  @ApiPropertyOptional({ example: 'record.ingest' })
  action?: string;

  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  outcome?: (typeof AUDIT_OUTCOMES)[number];

  @IsOptional()
  @IsUUID()
  @ApiPropertyOptional({ description: 'events that touched this person (golden record)' })
  personId?: string;

  @IsOptional()
  @IsUUID()
  @ApiPropertyOptional({ description: 'events that touched this source record' })
  recordId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  @ApiPropertyOptional({ description: 'X-Request-Id of the request' })
  correlationId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @ApiPropertyOptional({ description: 'from this time on (inclusive)' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @ApiPropertyOptional({ description: 'before this time (exclusive)' })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
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
