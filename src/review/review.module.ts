import { Module } from '@nestjs/common';
import { LinkageModule } from '../linkage/linkage.module';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

@Module({
  imports: [LinkageModule],
  controllers: [ReviewController],
  providers: [ReviewService],
})
export class ReviewModule {}
