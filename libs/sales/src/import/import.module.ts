import { Module } from '@nestjs/common';
import { ImportController } from './api/import.controller';
import { Imports } from './application/imports';

@Module({ controllers: [ImportController], providers: [Imports], exports: [Imports] })
export class ImportModule {}
