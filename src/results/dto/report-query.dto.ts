import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../common/input-decorators.js';

const number = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

export class ReportQueryDto {
  @ApiPropertyOptional({ example: 'mean,trimmed:1,median', description: 'rules to rank each round under, besides the declared one' })
  @Optional()
  @Matches(/^[a-z_]+(:[0-9.]+)*(:[a-z_]+(:[0-9.]+)*)?(,[a-z_]+(:[0-9.]+)*(:[a-z_]+(:[0-9.]+)*)?)*$/, {
    message: 'compare must list rules such as mean,trimmed:1,median',
  })
  compare?: string;

  @ApiPropertyOptional({ default: 1 })
  @Optional()
  @Transform(number)
  @IsInt()
  @Min(0)
  seed?: number;

  @ApiPropertyOptional({ default: 1000 })
  @Optional()
  @Transform(number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  resamples?: number;

  @ApiPropertyOptional({ default: 10 })
  @Optional()
  @Transform(number)
  @IsNumber()
  @Min(0)
  outlierDistance?: number;
}

export class SeriesQueryDto {
  @ApiPropertyOptional({ description: 'comma-separated event ids, in order (e.g. one per month)' })
  @Matches(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,99}$/i, { message: 'events must be a comma-separated list of event ids' })
  events!: string;
}
