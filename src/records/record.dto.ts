import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Longest accepted value of any one field; longer values are refused, not cut. */
export const MAX_FIELD_LENGTH = 200;
/** other_identifiers holds several pairs, so it gets more room. */
export const MAX_IDENTIFIER_LIST_LENGTH = 1000;

/** An optional string field of a canonical record, bounded by MAX_FIELD_LENGTH. */
export const Field = (): PropertyDecorator => {
  const decorators = [
    IsOptional(),
    IsString(),
    MaxLength(MAX_FIELD_LENGTH),
    ApiPropertyOptional({ maxLength: MAX_FIELD_LENGTH }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/** A record's content: the canonical CSV's columns but the key (docs/interfaces.md 2.1). */
export class RecordContentDto {
  @Field() given_name?: string;
  @Field() middle_name?: string;
  @Field() family_name?: string;
  @Field() suffix?: string;
  @Field() birth_date?: string;
  @Field() sex?: string;
  @Field() ssn?: string;
  @Field() phone?: string;
  @Field() email?: string;
  @Field() address_line?: string;
  @Field() city?: string;
  @Field() state?: string;
  @Field() postal_code?: string;
  @Field() mothers_maiden_name?: string;
  @Field() multiple_birth?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_IDENTIFIER_LIST_LENGTH)
  @ApiPropertyOptional({ description: 'system|value pairs separated by ;' })
  other_identifiers?: string;
}

/** One source record, with the canonical CSV's columns as keys. */
export class RecordDto extends RecordContentDto {
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  @ApiProperty({ description: 'source system name' })
  source!: string;

  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  @ApiProperty({ description: "the record's id in that system (MRN)" })
  source_id!: string;
}

/** A record to compare or match: the key is optional and ignored. */
export class QueryRecordDto extends RecordContentDto {
  @Field() source?: string;
  @Field() source_id?: string;
}

export class RecordBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RecordDto)
  @ApiProperty({ type: [RecordDto] })
  records!: RecordDto[];
}
