/**
 * Feedback on partner suggestions (shown, contacted, accepted, declined), kept in Neo4j, and what the
 * outcomes of the shown suggestions are read from: the events and the ties between their pairs now.
 */
import {
  pairKey,
  suggestionOutcomes,
  type FeedbackEvent,
  type FeedbackEventKind,
  type OutcomeOptions,
  type Outcomes,
} from '../analysis/suggestions/outcomes.ts';
import { NotFoundError } from '../errors.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { int, plain } from './values.ts';
import { runWrite, type WriteRequest, type WriteResult } from './write-transaction.ts';

export interface FeedbackInput {
  participant: string;
  other: string;
  event: FeedbackEventKind;
  scorer?: string;
  rank?: number;
  /** ISO 8601; the time of recording when left out. */
  at?: string;
}

/**
 * Records one feedback event in the write frame (Idempotency-Key, If-Match, audit). Feedback leaves the
 * network as it is, so the graph version (and every cache) stays.
 */
export function recordFeedback(
  store: Store,
  request: WriteRequest,
  input: FeedbackInput,
): Promise<WriteResult> {
  return runWrite(store, request, async (tx) => {
    const record = (
      await tx.run(cypher('feedback-record'), {
        participant: input.participant,
        other: input.other,
        event: input.event,
        scorer: input.scorer ?? null,
        rank: input.rank === undefined ? null : int(input.rank),
        at: input.at ?? null,
        client: request.client,
      })
    ).records[0];
    if (!record) {
      const missing = (
        await tx.run(cypher('existing-participants'), { ids: [input.participant, input.other] })
      ).records[0]!.get('existing') as string[];
      const unknown = [input.participant, input.other].filter((id) => !missing.includes(id));
      throw new NotFoundError(`no participant ${unknown.map((id) => `'${id}'`).join(' and ')}`);
    }
    return {
      status: 201,
      body: {
        ...input,
        scorer: input.scorer ?? null,
        rank: input.rank ?? null,
        at: record.get('at') as string,
        tiedLayers: record.get('tiedLayers') as string[],
      },
      ids: [input.participant, input.other],
      changesGraph: false,
    };
  });
}

/** The outcomes of the shown suggestions (see src/analysis/suggestions/outcomes.ts), read in one transaction. */
export async function readOutcomes(store: Store, options: OutcomeOptions): Promise<Outcomes> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead(async (tx) => {
      const events = (await tx.run(cypher('feedback-events'))).records.map(
        (r) => plain(r.toObject()) as FeedbackEvent,
      );
      const pairs = new Map<string, [string, string]>();
      for (const e of events)
        if (e.event === 'shown') pairs.set(pairKey(e.participant, e.other), [e.participant, e.other]);
      const ties = new Map<string, string[]>();
      const result = await tx.run(cypher('pair-ties'), { pairs: [...pairs.values()] });
      for (const r of result.records)
        ties.set(pairKey(r.get('a') as string, r.get('b') as string), r.get('layers') as string[]);
      return suggestionOutcomes(events, ties, options);
    });
  } finally {
    await s.close();
  }
}
