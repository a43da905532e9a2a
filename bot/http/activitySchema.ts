import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { BadRequestError } from './requestBody.ts';

/**
 * The fields every Bot Framework channel sends and the bot relies on. Anything else is passed through
 * unchanged; a request without these gets 400 with the missing fields named.
 */
const activitySchema = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    serviceUrl: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).loose(),
    from: z.object({ id: z.string().min(1) }).loose(),
    recipient: z.object({ id: z.string() }).loose().optional(),
    text: z.string().optional(),
    timestamp: z.string().optional(),
    localTimestamp: z.string().optional(),
  })
  .loose();

/** The bot's own account, for activities that leave out `recipient` (the schema allows that). */
export interface ActivityDefaults {
  botId: string;
}

export function parseActivity(body: unknown, defaults: ActivityDefaults = { botId: 'wegweiser' }): Activity {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('the body must be a JSON object (a Bot Framework activity)');
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'activity'}: ${issue.message}`);
    throw new BadRequestError(`invalid activity: ${problems.join('; ')}`);
  }
  const activity = { ...parsed.data } as Record<string, unknown>;
  // Replies are sent from the recipient and mentions are matched against it; without one the turn fails.
  activity.recipient ??= { id: defaults.botId, role: 'bot' };
  // The SDK expects Date objects where the wire format has ISO strings.
  for (const key of ['timestamp', 'localTimestamp'] as const) {
    if (typeof activity[key] === 'string') {
      const date = new Date(activity[key] as string);
      if (Number.isNaN(date.getTime())) throw new BadRequestError(`invalid activity: ${key} is not a date`);
      activity[key] = date;
    }
  }
  return activity as unknown as Activity;
}
