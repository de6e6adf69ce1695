import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type CommandContext, type CommandResult, formatPosition, type Role } from '@ledger/event-sourcing';
import { answerDecoratorFor, CommandRoute, Context, DocumentsProblem, NewId, ProblemException, Roles, SendsETag, uuidParam } from '@ledger/platform';
import { findPage, type Page, ReadsFrom, ReadStore } from '@ledger/read-store';
import { API_KEY_CATEGORY, ApiKeyCommandMessage, apiKeyCredential, newApiKeySecret } from '../application';
import { API_KEY_USAGE, API_KEY_VIEWS, type ApiKeyResource, type ApiKeyUsage, type ApiKeyView, apiKeyViewProjection, toApiKeyResource } from '../read-models';
import { CreateApiKeyRequest, GetApiKeyRequest, ListApiKeysRequest, RevokeApiKeyRequest } from './api-key.request.dto';

/** The one answer that holds the secret: send `header` as the Authorization header. */
export type IssuedApiKey = {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Shown this once; only its hash is kept. */
  readonly secret: string;
  /** `ApiKey <id>.<secret>`: the whole Authorization header value. */
  readonly header: string;
  readonly revision: number;
  readonly position: string | null;
};

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ApiKeyAnswers = { IssuedApiKey: IssuedApiKey; ApiKeyPage: Page<ApiKeyResource>; ApiKey: ApiKeyResource };
const Answers = answerDecoratorFor<ApiKeyAnswers>();

const apiKeyId = uuidParam('api-key');

/** Keys for machine clients (an integration importing deals): issued, listed and revoked by admins only. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readStore: ReadStore,
  ) {}

  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Issue an API key: the answer shows its secret this once (only its SHA-256 is kept); send it as Authorization: ApiKey <id>.<secret>' })
  @Answers('IssuedApiKey', { status: 201 })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key issues nothing more, and answers 409 api-key-secret-shown-once: the secret is never shown twice' })
  @DocumentsProblem(400, 'Invalid input (validation-failed: a name, and roles among admin, auditor, analyst)')
  @DocumentsProblem(409, 'A retry with the same Idempotency-Key: the secret cannot be shown again (api-key-secret-shown-once); revoke the key and issue another')
  @DocumentsProblem(422, 'No roles, a role twice, or a rep or manager role (api-key-roles-invalid, api-key-role-not-allowed)')
  async create(
    @NewId() id: string,
    @Body() body: CreateApiKeyRequest,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IssuedApiKey> {
    const { secret, secretHash } = newApiKeySecret();
    const result: CommandResult = await this.commands.execute(new ApiKeyCommandMessage({ type: 'IssueApiKey', keyId: id, name: body.name, roles: body.roles, secretHash }, context));
    if (result.replayed) {
      throw new ProblemException(409, 'api-key-secret-shown-once', `API key ${id} was issued by the first request with this Idempotency-Key, and its secret was shown only then; revoke it and issue another if it was lost.`);
    }
    void reply.header('Location', `/api-keys/${id}`).header('ETag', `"${result.revision}"`);
    return {
      id,
      name: body.name,
      roles: body.roles,
      secret,
      header: `ApiKey ${apiKeyCredential(id, secret)}`,
      revision: result.revision,
      position: result.position ? formatPosition(result.position) : null,
    };
  }

  @Get()
  @ReadsFrom(apiKeyViewProjection.name)
  @ApiOperation({ summary: 'API keys, newest first, with when each was last used (at most a minute behind) and whether it is revoked; never a secret' })
  @Answers('ApiKeyPage')
  async list(@Query() request: ListApiKeysRequest): Promise<Page<ApiKeyResource>> {
    const page = await findPage<ApiKeyView>(this.readStore, API_KEY_VIEWS, [], { field: 'issuedAt', direction: -1, limit: request.limit ?? 50, cursor: request.cursor });
    const usage = await this.readStore.find<ApiKeyUsage>(API_KEY_USAGE, { _id: { $in: page.items.map((key) => key._id) } });
    const usageOf = new Map(usage.map((used) => [used._id, used]));
    return { items: page.items.map((key) => toApiKeyResource(key, usageOf.get(key._id))), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @SendsETag({ category: API_KEY_CATEGORY })
  @ReadsFrom(apiKeyViewProjection.name)
  @ApiOperation({ summary: 'One API key (never its secret)' })
  @Answers('ApiKey')
  async get(@Param('id', apiKeyId) id: string, @Query() _request: GetApiKeyRequest): Promise<ApiKeyResource> {
    const view = await this.readStore.findOne<ApiKeyView>(API_KEY_VIEWS, { _id: id });
    if (!view) throw new ProblemException(404, 'api-key-not-found', `No API key ${id} was ever issued`);
    return toApiKeyResource(view, (await this.readStore.findOne<ApiKeyUsage>(API_KEY_USAGE, { _id: id })) ?? undefined);
  }

  @CommandRoute(':id/revoke', 'Revoke an API key: every request with it is refused at once (401 api-key-revoked); revoking it again changes nothing')
  revoke(@Param('id', apiKeyId) id: string, @Body() body: RevokeApiKeyRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ApiKeyCommandMessage({ type: 'RevokeApiKey', keyId: id, ...body }, context));
  }
}
