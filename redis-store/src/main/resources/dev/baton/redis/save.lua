-- Creates a session or applies a delta, atomically.
-- KEYS[1] session hash, KEYS[2] expiry index of its shard, KEYS[3] counters of its shard (a creation adds 1 to
-- 'created')
-- ARGV: 1 kind (C|U), 2 at (ms), 3 last access (ms), 4 expiresAt (ms, -1 never), 5 max inactive (ms), 6 the key's TTL
--       must reach at least this (ms, -1 persist), 7 the TTL to set when it doesn't (ms), 8 session id (index
--       member), 9 fence of the caller's session lock ('0' none), 10 '1' when the session has a principal, else '0',
--       11 the number n of further hash fields to set, then n field/value pairs (m:created for a create, m:principal,
--       and the 'a:' attributes, ready to write), then the hash fields of removed attributes, then the expectations of
--       a late change: c field/value pairs, each an 'a:' field and the bytes it must hold ('' for none), and last c
--       itself ('0' for an ordinary change)
-- Returns the session's version after the change when saved (1 for a creation), 0 gone, -1 fenced: another request
-- took the lock since, -2 stale: a field no longer holds what the late change expects (nothing written unless saved).
-- A saved delta releases the caller's lock.
-- One HMGET and one HSET; HDEL only when there is something to delete; PEXPIREAT only when the key's TTL (m:ttlAt)
-- falls short of ARGV[6], and then with room to spare, so that most saves skip it; ZADD only when the expiry moves
-- before the indexed one (m:indexed): an index entry that is early is harmless, the reaper puts it back under the
-- real expiry. The fields arrive ready to write: the script does no work per field. The store never sends a write
-- twice (a write caught by a dropped connection fails instead of being re-sent), so the script keeps no log of them.
local key = KEYS[1]
-- Replies, as the header says.
local GONE, FENCED, STALE = 0, -1, -2
-- ARGV[11] counts the field/value pairs that follow it: they start at ARGV[FIELDS].
local FIELD_COUNT = 11
local FIELDS = FIELD_COUNT + 1
-- Lua unpacks a bounded number of values: hash fields go to HSET and HDEL in batches of this many values.
local BATCH = 1000
-- A tombstone (retire.lua) holds m:movedTo alone: no m:expiresAt, so it counts as absent.
local state = redis.call('HMGET', key, 'm:expiresAt', 'm:fence', 'm:version', 'm:indexed', 'm:ttlAt', 'm:principal')
local last = FIELD_COUNT + 2 * tonumber(ARGV[FIELD_COUNT])
-- The expectations trail the removed fields: they end before the count that closes ARGV.
local expectedCount = tonumber(ARGV[#ARGV])
local removedLast = #ARGV - 1 - 2 * expectedCount
local version, indexed, ttlAt = 1, nil, nil
if ARGV[1] == 'U' then
  if not state[1] then
    return GONE
  end
  local expires = tonumber(state[1])
  if not expires then
    return redis.error_reply('BATON_DAMAGED m:expiresAt is not a number')
  end
  if expires >= 0 and expires <= tonumber(ARGV[2]) then
    return GONE
  end
  local locked = ARGV[9] ~= '0'
  if locked and state[2] ~= ARGV[9] then
    return FENCED
  end
  for e = removedLast + 1, removedLast + 2 * expectedCount, 2 do
    if (redis.call('HGET', key, ARGV[e]) or '') ~= ARGV[e + 1] then
      return STALE
    end
  end
  local dropPrincipal = state[6] and ARGV[10] == '0'
  if locked or dropPrincipal or removedLast > last then
    local deleted = {}
    if locked then
      deleted = {'m:lockOwner', 'm:lockUntil'}
    end
    if dropPrincipal then
      deleted[#deleted + 1] = 'm:principal'
    end
    for j = last + 1, removedLast do
      deleted[#deleted + 1] = ARGV[j]
      if #deleted >= BATCH then
        redis.call('HDEL', key, unpack(deleted))
        deleted = {}
      end
    end
    if #deleted > 0 then
      redis.call('HDEL', key, unpack(deleted))
    end
  end
  -- Formatted as an integer: Lua would write a number with '%.14g', which costs more.
  version = string.format('%d', (tonumber(state[3]) or 0) + 1)
  indexed, ttlAt = state[4], state[5]
else
  redis.call('DEL', key)
  redis.call('HINCRBY', KEYS[3], 'created', 1)
end
-- The first batch goes with the metadata; the rest of a very large change follows below.
local stop = math.min(last, FIELDS + BATCH - 1)
redis.call('HSET', key, 'm:version', version, 'm:lastAccess', ARGV[3], 'm:expiresAt', ARGV[4], 'm:maxInactive',
  ARGV[5], unpack(ARGV, FIELDS, stop))
if ARGV[6] ~= '-1' then
  local reindex = not indexed or tonumber(ARGV[4]) < tonumber(indexed)
  local extend = not ttlAt or tonumber(ttlAt) < tonumber(ARGV[6])
  if reindex or extend then
    redis.call('HSET', key, 'm:indexed', reindex and ARGV[4] or indexed, 'm:ttlAt', extend and ARGV[7] or ttlAt)
  end
  if extend then
    redis.call('PEXPIREAT', key, ARGV[7])
  end
  if reindex then
    redis.call('ZADD', KEYS[2], ARGV[4], ARGV[8])
  end
else
  redis.call('HDEL', key, 'm:indexed', 'm:ttlAt')
  redis.call('PERSIST', key)
  redis.call('ZREM', KEYS[2], ARGV[8])
end
for i = stop + 1, last, BATCH do
  redis.call('HSET', key, unpack(ARGV, i, math.min(last, i + BATCH - 1)))
end
-- Tells the nodes' near caches (RedisInvalidationFeed) that their copies older than this version are outdated: the
-- ID, a space, the version (InvalidationFeed's message). A new session has no copies elsewhere.
if ARGV[1] == 'U' then
  redis.call('PUBLISH', string.match(KEYS[1], '^(.*)s:{%d+}:') .. 'changes', ARGV[8] .. ' ' .. version)
end
return tonumber(version)
