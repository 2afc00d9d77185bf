-- Creates a session or applies a delta, atomically.
-- KEYS[1] session hash, KEYS[2] expiry index of its shard
-- ARGV: 1 kind (C|U), 2 at (ms), 3 expiresAt (ms, -1 never), 4 the key's TTL must reach at least this (ms, -1 persist),
--       5 the TTL to set when it doesn't (ms), 6 session id (index member), 7 write id, 8 fence of the caller's
--       session lock ('0' none), 9 '1' when the session has a principal, else '0', 10 the number n of hash fields to
--       set, then n field/value pairs (the metadata and the 'a:' attributes, ready to write), then the hash fields of
--       removed attributes
-- Returns 1 saved (or already saved: a replay), 0 gone, 2 fenced: another request took the lock since (nothing
-- written either way). A saved delta releases the caller's lock.
-- One HMGET and one HSET; HDEL only when there is something to delete; PEXPIREAT only when the key's TTL (m:ttlAt)
-- falls short of ARGV[4], and then with room to spare, so that most saves skip it; ZADD only when the expiry moves
-- before the indexed one (m:indexed): an index entry that is early is harmless, the reaper puts it back under the
-- real expiry. The fields arrive ready to write: the script does no work per field.
local key = KEYS[1]
local state = redis.call('HMGET', key, 'm:expiresAt', 'm:movedTo', 'm:writes', 'm:fence', 'm:version', 'm:indexed',
  'm:ttlAt', 'm:principal')
local writes = state[3]
-- A write Lettuce replays after a reconnect, already applied before the connection dropped: done already.
-- Checked for creates too, so that a replayed create can't wipe the deltas written after it. Write IDs are 8
-- characters without spaces, and the log separates them with one: only a whole ID can match.
if writes and not state[2] and string.find(writes, ARGV[7], 1, true) then
  return 1
end
local last = 10 + 2 * tonumber(ARGV[10])
local version, indexed, ttlAt = 1, nil, nil
if ARGV[1] == 'U' then
  if not state[1] or state[2] then
    return 0
  end
  local expires = tonumber(state[1])
  if not expires then
    return redis.error_reply('BATON_DAMAGED m:expiresAt is not a number')
  end
  if expires >= 0 and expires <= tonumber(ARGV[2]) then
    return 0
  end
  local locked = ARGV[8] ~= '0'
  if locked and state[4] ~= ARGV[8] then
    return 2
  end
  local dropPrincipal = state[8] and ARGV[9] == '0'
  if locked or dropPrincipal or #ARGV > last then
    local deleted = {}
    if locked then
      deleted = {'m:lockOwner', 'm:lockUntil'}
    end
    if dropPrincipal then
      deleted[#deleted + 1] = 'm:principal'
    end
    for j = last + 1, #ARGV do
      deleted[#deleted + 1] = ARGV[j]
      -- In batches, well inside Lua's limit on unpacked values.
      if #deleted >= 1000 then
        redis.call('HDEL', key, unpack(deleted))
        deleted = {}
      end
    end
    if #deleted > 0 then
      redis.call('HDEL', key, unpack(deleted))
    end
  end
  -- The last 8 write IDs (' ' and 8 characters each) once this one is appended (a shorter log stays whole).
  writes = string.sub(writes, -63)
  -- Formatted as an integer: Lua would write a number with '%.14g', which costs more.
  version = string.format('%d', (tonumber(state[5]) or 0) + 1)
  indexed, ttlAt = state[6], state[7]
else
  redis.call('DEL', key)
  writes = ''
end
writes = writes .. ' ' .. ARGV[7]
local stop = math.min(last, 1010)
if ARGV[4] ~= '-1' then
  local reindex = not indexed or tonumber(ARGV[3]) < tonumber(indexed)
  local extend = not ttlAt or tonumber(ttlAt) < tonumber(ARGV[4])
  redis.call('HSET', key, 'm:writes', writes, 'm:version', version, unpack(ARGV, 11, stop))
  if reindex or extend then
    redis.call('HSET', key, 'm:indexed', reindex and ARGV[3] or indexed, 'm:ttlAt', extend and ARGV[5] or ttlAt)
  end
  if extend then
    redis.call('PEXPIREAT', key, ARGV[5])
  end
  if reindex then
    redis.call('ZADD', KEYS[2], ARGV[3], ARGV[6])
  end
else
  redis.call('HSET', key, 'm:writes', writes, 'm:version', version, unpack(ARGV, 11, stop))
  redis.call('HDEL', key, 'm:indexed', 'm:ttlAt')
  redis.call('PERSIST', key)
  redis.call('ZREM', KEYS[2], ARGV[6])
end
-- The rest of a very large change, in batches.
for i = stop + 1, last, 1000 do
  redis.call('HSET', key, unpack(ARGV, i, math.min(last, i + 999)))
end
return 1
