-- Creates a session or applies a delta, atomically.
-- KEYS[1] session hash, KEYS[2] expiry index of its shard
-- ARGV: 1 kind (C|U), 2 at (ms), 3 created, 4 lastAccess, 5 maxInactive (ms), 6 expiresAt (ms, -1 never),
--       7 principal ('' none, else '+' .. name), 8 pexpireat (ms, -1 persist), 9 session id (index member),
--       10 write id, 11 fence of the caller's session lock ('0' none), 12 number of set attributes n, then n
--       field/value pairs, then the number of removed attributes m, then m fields
-- Returns 1 saved (or already saved: a replay), 0 gone, 2 fenced: another request took the lock since (nothing
-- written either way). A fenced save releases the lock.
-- One HMGET, one HSET, at most one HDEL, PEXPIREAT; ZADD only when the expiry moves before the indexed one
-- (m:indexed): an index entry that is early is harmless, the reaper puts it back under the real expiry.
local key, index = KEYS[1], KEYS[2]
local state = redis.call('HMGET', key, 'm:expiresAt', 'm:movedTo', 'm:writes', 'm:fence', 'm:version', 'm:indexed')
-- A write Lettuce replays after a reconnect, already applied before the connection dropped: done already.
-- Checked for creates too, so that a replayed create can't wipe the deltas written after it.
if state[3] and not state[2] and string.find(state[3], ' ' .. ARGV[10], 1, true) then
  return 1
end
local writes, version, indexed = '', 1, nil
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
  local deleted = {}
  if ARGV[11] ~= '0' then
    if state[4] ~= ARGV[11] then
      return 2
    end
    deleted = {'m:lockOwner', 'm:lockUntil'}
  end
  writes = state[3] or ''
  if string.len(writes) > 160 then
    writes = string.sub(writes, -144)
  end
  version = (tonumber(state[5]) or 0) + 1
  indexed = tonumber(state[6])
  if ARGV[7] == '' then
    table.insert(deleted, 'm:principal')
  end
  local i = 13 + 2 * tonumber(ARGV[12])
  for j = i + 1, i + tonumber(ARGV[i]) do
    table.insert(deleted, 'a:' .. ARGV[j])
  end
  if #deleted > 0 then
    redis.call('HDEL', key, unpack(deleted))
  end
else
  redis.call('DEL', key)
end
local expiresAt = tonumber(ARGV[6])
local reindex = tonumber(ARGV[8]) >= 0 and (not indexed or expiresAt < indexed)
local fields = {'m:created', ARGV[3], 'm:lastAccess', ARGV[4], 'm:maxInactive', ARGV[5], 'm:expiresAt', ARGV[6],
  'm:writes', writes .. ' ' .. ARGV[10], 'm:version', version}
if ARGV[7] ~= '' then
  table.insert(fields, 'm:principal')
  table.insert(fields, string.sub(ARGV[7], 2))
end
if reindex then
  table.insert(fields, 'm:indexed')
  table.insert(fields, ARGV[6])
end
local i = 12
for _ = 1, tonumber(ARGV[i]) do
  table.insert(fields, 'a:' .. ARGV[i + 1])
  table.insert(fields, ARGV[i + 2])
  i = i + 2
  -- HSET takes them in batches, well inside Lua's limit on unpacked arguments.
  if #fields >= 1000 then
    redis.call('HSET', key, unpack(fields))
    fields = {}
  end
end
if #fields > 0 then
  redis.call('HSET', key, unpack(fields))
end
if tonumber(ARGV[8]) >= 0 then
  redis.call('PEXPIREAT', key, ARGV[8])
  if reindex then
    redis.call('ZADD', index, ARGV[6], ARGV[9])
  end
else
  redis.call('PERSIST', key)
  redis.call('HDEL', key, 'm:indexed')
  redis.call('ZREM', index, ARGV[9])
end
return 1
