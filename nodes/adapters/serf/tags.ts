// Serf carries a member's tags in memberlist's node metadata, which holds at
// most 512 bytes: a magic byte, then the msgpack map of tags.

import { encode } from '@msgpack/msgpack';

export const SERF_TAGS_LIMIT = 512;

export function tagsSize(tags: Record<string, string>): number {
  return 1 + encode(tags).length;
}
