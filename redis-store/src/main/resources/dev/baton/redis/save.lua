-- Creates a session or applies a delta, atomically.
-- KEYS[1] session hash, KEYS[2] expiry index of its shard
-- ARGV: 1 kind (C|U), 2 at (ms), 3 created, 4 lastAccess, 5 maxInactive (ms), 6 expiresAt (ms, -1 never),
--       7 principal ('' none, else '+' .. name), 8 pexpireat (ms, -1 persist), 9 session id (index member),
--       10 write id, 11 fence of the caller's session lock ('0' none), 12 number of set attributes n, then n
--       field/value pairs, then the number of removed attributes m, then m fields
-- Returns 1 saved (or already saved: a replay), 0 gone, 2 fenced: another request took the lock since (nothing
-- written either way). A fenced save releases the lock.
local key, index = KEYS[1], KEYS[2]
local at = tonumber(ARGV[2])
local state = redis.call('HMGET', key, 'm:expiresAt', 'm:movedTo', 'm:writes')
-- A write Lettuce replays after a reconnect, already applied before the connection dropped: done already.
-- Checked for creates too, so that a replayed create can't wipe the deltas written after it.
if state[3] and not state[2] and string.find(state[3], ' ' .. ARGV[10], 1, true) then
  return 1
end
if ARGV[1] == 'U' then
  if not state[1] or state[2] then
    return 0
  end
  local expires = tonumber(state[1])
  if not expires then
    return redis.error_reply('BATON_DAMAGED m:expiresAt is not a number')
  end
  if expires >= 0 and expires <= at then
    return 0
  end
  if ARGV[11] ~= '0' then
    if redis.call('HGET', key, 'm:fence') ~= ARGV[11] then
      return 2
    end
    redis.call('HDEL', key, 'm:lockOwner', 'm:lockUntil')
  end
else
  redis.call('DEL', key)
end
redis.call('HSET', key, 'm:created', ARGV[3], 'm:lastAccess', ARGV[4], 'm:maxInactive', ARGV[5],
  'm:expiresAt', ARGV[6])
if ARGV[7] == '' then
  redis.call('HDEL', key, 'm:principal')
else
  redis.call('HSET', key, 'm:principal', string.sub(ARGV[7], 2))
end
local writes = redis.call('HGET', key, 'm:writes') or ''
if string.len(writes) > 160 then
  writes = string.sub(writes, -144)
end
redis.call('HSET', key, 'm:writes', writes .. ' ' .. ARGV[10])
redis.call('HINCRBY', key, 'm:version', 1)
local i = 12
local n = tonumber(ARGV[i])
for _ = 1, n do
  redis.call('HSET', key, 'a:' .. ARGV[i + 1], ARGV[i + 2])
  i = i + 2
end
i = i + 1
local m = tonumber(ARGV[i])
for _ = 1, m do
  redis.call('HDEL', key, 'a:' .. ARGV[i + 1])
  i = i + 1
end
if tonumber(ARGV[8]) >= 0 then
  redis.call('PEXPIREAT', key, ARGV[8])
  redis.call('ZADD', index, ARGV[6], ARGV[9])
else
  redis.call('PERSIST', key)
  redis.call('ZREM', index, ARGV[9])
end
return 1
