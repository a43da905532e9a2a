import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { configSchema } from '../../core/config.ts';
import { colorIcon, outlineIcon } from './png.ts';

/**
 * `npm run package:teams`: builds appPackage/build/wegweiser-teams.zip (manifest + icons) for upload
 * in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center. ${{NAME}} placeholders
 * in appPackage/manifest.json are filled from the environment.
 */

const APP_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../appPackage');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TeamsPackageError extends Error {}

export interface TeamsPackageSettings {
  /** Entra app (client) id of the bot registration. */
  microsoftAppId: string;
  /** https address of the bot (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  appVersion?: string;
  developerName?: string;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): TeamsPackageSettings {
  // The server's schema checks these variables (a bad value names the variable); the server's other
  // requirements (e.g. the app password) do not concern packaging.
  const parsed = configSchema.pick({ MicrosoftAppId: true, PUBLIC_BASE_URL: true, TEAMS_APP_VERSION: true, TEAMS_DEVELOPER_NAME: true }).safeParse(env);
  if (!parsed.success) throw new TeamsPackageError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
  const config = parsed.data;
  const missing = [config.MicrosoftAppId ? '' : 'MicrosoftAppId', config.PUBLIC_BASE_URL ? '' : 'PUBLIC_BASE_URL'].filter(Boolean);
  if (missing.length > 0) throw new TeamsPackageError(`Set ${missing.join(' and ')} (the bot registration's app id and the bot's https address).`);
  return {
    microsoftAppId: config.MicrosoftAppId!,
    publicBaseUrl: config.PUBLIC_BASE_URL!,
    appVersion: config.TEAMS_APP_VERSION,
    developerName: config.TEAMS_DEVELOPER_NAME,
  };
}

/** The manifest with every placeholder filled; refuses values Teams would reject later. */
export function fillManifest(template: string, settings: TeamsPackageSettings): string {
  if (!GUID.test(settings.microsoftAppId)) throw new TeamsPackageError(`MicrosoftAppId must be a GUID (the app registration's client id), got "${settings.microsoftAppId}".`);
  let base: URL;
  try {
    base = new URL(settings.publicBaseUrl);
  } catch {
    throw new TeamsPackageError(`PUBLIC_BASE_URL is not a URL: "${settings.publicBaseUrl}".`);
  }
  if (base.protocol !== 'https:') throw new TeamsPackageError('PUBLIC_BASE_URL must be an https address; Teams accepts no other.');
  const values: Record<string, string> = {
    MicrosoftAppId: settings.microsoftAppId,
    PUBLIC_BASE_URL: base.origin,
    PUBLIC_HOSTNAME: base.host,
    APP_VERSION: settings.appVersion ?? '1.0.0',
    DEVELOPER_NAME: settings.developerName ?? 'Wegweiser',
  };
  const filled = template.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TeamsPackageError(`appPackage/manifest.json uses an unknown placeholder \${{${name}}}.`);
    // Values go into JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  JSON.parse(filled);
  return filled;
}

export async function buildTeamsPackage(settings: TeamsPackageSettings, appPackageDir = APP_PACKAGE_DIR): Promise<Buffer> {
  const template = await readFile(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const zip = new JSZip();
  zip.file('manifest.json', fillManifest(template, settings));
  zip.file('color.png', colorIcon());
  zip.file('outline.png', outlineIcon());
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function main(): Promise<void> {
  const settings = settingsFromEnv(process.env);
  const zip = await buildTeamsPackage(settings);
  const outDir = path.join(APP_PACKAGE_DIR, 'build');
  await mkdir(outDir, { recursive: true });
  const outFile = path.join(outDir, 'wegweiser-teams.zip');
  await writeFile(outFile, zip);
  // The icons are also kept next to the manifest, for people who edit the package by hand.
  await writeFile(path.join(APP_PACKAGE_DIR, 'color.png'), colorIcon());
  await writeFile(path.join(APP_PACKAGE_DIR, 'outline.png'), outlineIcon());
  process.stdout.write(`Teams app package written: ${outFile}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof TeamsPackageError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exit(error instanceof TeamsPackageError ? 2 : 1);
  });
}
