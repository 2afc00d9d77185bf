-- Reads a session and takes its lock (lockMode), atomically.
-- KEYS[1] session hash
-- ARGV: 1 owner, 2 now (ms), 3 lease end (ms)
-- Returns {0} no live session; {1, lockUntil} another owner holds the lock; {2, fence, fields} taken, with the hash.
local key = KEYS[1]
local state = redis.call('HMGET', key, 'm:expiresAt', 'm:movedTo', 'm:lockOwner', 'm:lockUntil', 'm:fence')
if not state[1] or state[2] then
  return {0}
end
local expires = tonumber(state[1])
if not expires then
  return redis.error_reply('BATON_DAMAGED m:expiresAt is not a number')
end
if expires >= 0 and expires <= tonumber(ARGV[2]) then
  return {0}
end
local fence = tonumber(state[5] or '0')
if state[3] ~= ARGV[1] then
  if state[3] and tonumber(state[4]) > tonumber(ARGV[2]) then
    return {1, state[4]}
  end
  -- Free, or the holder's lease ran out: a new token, greater than every one before.
  fence = redis.call('HINCRBY', key, 'm:fence', 1)
end
-- The same owner again is a command replayed after a reconnect: it keeps its token.
redis.call('HSET', key, 'm:lockOwner', ARGV[1], 'm:lockUntil', ARGV[3])
return {2, fence, redis.call('HGETALL', key)}
