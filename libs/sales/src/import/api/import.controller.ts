import '@fastify/multipart';
import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { answerDecoratorFor, CurrentActor, ProblemException, Roles, sendCsv, uuidParam } from '@ledger/platform';
import { type ImportAccepted, Imports } from '../application/imports';
import { CRM_SALES_FILE_NAMES } from '../application/crm-sales-import';
import { type CrmSalesFiles, planCrmSalesImport } from '../crm-sales/crm-sales-plan';
import type { ImportStatus } from '../application/imports';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ImportAnswers = { ImportAccepted: ImportAccepted; Import: ImportStatus };
const Answers = answerDecoratorFor<ImportAnswers>();

const importId = uuidParam('import');

/** Which of the four files a part is: by its field name (`pipeline`, `sales_pipeline`) or its file name (`sales_pipeline.csv`). */
function fileOf(fieldname: string, filename: string): keyof CrmSalesFiles | null {
  const names = [fieldname, filename.replace(/\.csv$/i, '')].map((name) => name.toLowerCase().replace(/[^a-z]/g, ''));
  for (const [key, file] of Object.entries(CRM_SALES_FILE_NAMES) as [keyof CrmSalesFiles, string][]) {
    const aliases = [key.toLowerCase(), file.replace(/\.csv$/, '').replace(/[^a-z]/g, '')];
    if (names.some((name) => aliases.includes(name))) return key;
  }
  return null;
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: Imports) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Import the CRM sales data set (multipart: products.csv, accounts.csv, sales_teams.csv, sales_pipeline.csv); runs in the background' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['products', 'accounts', 'sales_teams', 'sales_pipeline'],
      properties: Object.fromEntries(['products', 'accounts', 'sales_teams', 'sales_pipeline'].map((name) => [name, { type: 'string', format: 'binary' }])),
    },
  })
  @Answers('ImportAccepted', { status: 202 })
  async start(@Req() request: FastifyRequest, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportAccepted> {
    if (!request.isMultipart()) throw new ProblemException(415, 'multipart-required', 'Send the four CSV files as multipart/form-data');
    const files: Partial<Record<keyof CrmSalesFiles, string>> = {};
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const file = fileOf(part.fieldname, part.filename);
      if (file === null) throw new ProblemException(400, 'unknown-import-file', `${part.filename || part.fieldname} is none of ${Object.values(CRM_SALES_FILE_NAMES).join(', ')}`);
      files[file] = (await part.toBuffer()).toString('utf8');
    }
    const missing = (Object.keys(CRM_SALES_FILE_NAMES) as (keyof CrmSalesFiles)[]).filter((key) => files[key] === undefined);
    if (missing.length > 0) throw new ProblemException(400, 'import-files-missing', `Missing ${missing.map((key) => CRM_SALES_FILE_NAMES[key]).join(', ')}`);
    try {
      planCrmSalesImport(files as CrmSalesFiles);
    } catch (error) {
      throw new ProblemException(400, 'invalid-import-file', error instanceof Error ? error.message : String(error));
    }
    const id = this.imports.start(files as CrmSalesFiles, actor);
    void reply.header('Location', `/imports/${id}`);
    return { id, status: 'running', location: `/imports/${id}` };
  }

  @Get(':id')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: "An import's progress, then its report: counts, every cleaned or skipped row (grouped), the mapping rules; ?format=csv lists the rows one per line" })
  @Answers('Import', { csv: true })
  async status(@Param('id', importId) id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const status = await this.imports.status(id);
    if (status === null) throw new ProblemException(404, 'import-not-found', `Import ${id} was never started`);
    const format = (request.query as { format?: string }).format;
    if (format !== 'csv') return status;
    const recorded = status.status === 'completed' ? (status.recorded as { issues: { file: string; rule: string; field: string; value: string; problem: string; action: string; lines: number[] }[] }) : { issues: [] };
    const rows = recorded.issues.flatMap(({ lines, ...group }) => lines.map((line) => ({ file: group.file, line, rule: group.rule, field: group.field, value: group.value, problem: group.problem, action: group.action })));
    return sendCsv(reply, `import-${id}-rows.csv`, rows);
  }
}
