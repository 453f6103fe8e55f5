import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { QueryRecordDto } from './record.dto';

export class CompareDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => QueryRecordDto)
  @ApiProperty({ type: QueryRecordDto })
  a!: QueryRecordDto;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => QueryRecordDto)
  @ApiProperty({ type: QueryRecordDto })
  b!: QueryRecordDto;
}
