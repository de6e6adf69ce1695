import { Module } from '@nestjs/common';
import { ReportsController } from './api/reports.controller';
import { SalesReports } from './read-models/sales-reports';

@Module({ controllers: [ReportsController], providers: [SalesReports] })
export class ReportsModule {}
