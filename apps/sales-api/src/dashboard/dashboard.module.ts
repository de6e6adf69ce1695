import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Headers, Module, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@ledger/platform';

/** `nest build` copies `public/` next to this file (the `assets` of nest-cli.json). */
const PUBLIC_DIR = join(__dirname, 'public');

/**
 * The page may run, style and fetch only from this origin: no inline script or style, no eval, no
 * frames, no plugins. ECharts draws on canvas and styles its own elements through the CSSOM, which
 * style-src does not govern; its tooltips are rendered on the canvas too (see dashboard.js).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Asset = { path: string; contentType: string };

const ASSETS = {
  page: { path: join(PUBLIC_DIR, 'index.html'), contentType: 'text/html; charset=utf-8' },
  script: { path: join(PUBLIC_DIR, 'dashboard.js'), contentType: 'text/javascript; charset=utf-8' },
  style: { path: join(PUBLIC_DIR, 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  echarts: { path: require.resolve('echarts/dist/echarts.min.js'), contentType: 'text/javascript; charset=utf-8' },
} satisfies Record<string, Asset>;

/**
 * Streams a file with `Cache-Control: no-cache` and a validator, so that a browser revalidates on
 * every load (a new build shows at once) but gets a 304 instead of ECharts' megabyte when nothing changed.
 */
function sendAsset(
  reply: FastifyReply,
  asset: Asset,
  ifNoneMatch: string | undefined,
  headers: Record<string, string> = {},
): FastifyReply {
  const stat = statSync(asset.path);
  const etag = `W/"${stat.size.toString(16)}-${Math.trunc(stat.mtimeMs).toString(16)}"`;
  void reply
    .header('Content-Type', asset.contentType)
    .header('Cache-Control', 'no-cache')
    .header('ETag', etag)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer');
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag))
    return reply.status(304).send();
  return reply.header('Content-Length', stat.size).send(createReadStream(asset.path));
}

/** The analysts' dashboard: a static page that calls this API with the token the user types in. */
@ApiExcludeController()
@Public()
@Controller('dashboard')
class DashboardController {
  @Get()
  page(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    return sendAsset(reply, ASSETS.page, ifNoneMatch, { 'Content-Security-Policy': DASHBOARD_CSP });
  }

  @Get('dashboard.js')
  script(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    return sendAsset(reply, ASSETS.script, ifNoneMatch);
  }

  @Get('dashboard.css')
  style(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    return sendAsset(reply, ASSETS.style, ifNoneMatch);
  }

  @Get('echarts.min.js')
  echarts(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    return sendAsset(reply, ASSETS.echarts, ifNoneMatch);
  }

  /**
   * `/dashboard/` as well: Nest strips a route's trailing slash, and Fastify tells `/dashboard/`
   * from `/dashboard`; its wildcard matches the empty rest (the named files above take precedence).
   */
  @Get('*')
  pageWithSlash(
    @Param('*') rest: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    if (rest !== '') throw new NotFoundException(`/dashboard/${rest} does not exist`);
    return this.page(ifNoneMatch, reply);
  }
}

@Module({ controllers: [DashboardController] })
export class DashboardModule {}
