import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { GOLDEN_FIELDS } from './golden-record';

export class ReasonDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @ApiPropertyOptional()
  reason?: string;
}

export class LinkDto extends ReasonDto {
  @IsUUID()
  @ApiProperty()
  personId!: string;
}

export class MergeDto extends ReasonDto {
  @IsUUID()
  @ApiProperty({ description: 'the surviving person' })
  into!: string;
}

export class PinDto extends ReasonDto {
  @IsIn(GOLDEN_FIELDS)
  @ApiProperty({ enum: GOLDEN_FIELDS })
  field!: string;

  /** null removes the pin. */
  @IsOptional()
  @ApiPropertyOptional({ nullable: true })
  value?: string | number | boolean | null;
}
