-- Claims one session if it has expired, for a request that presents its ID: removes it and returns its fields.
-- KEYS[1] session hash, KEYS[2] expiry index of its shard, KEYS[3] counters of its shard (a claim adds 1 to 'expired')
-- ARGV: 1 now (ms), 2 session id (index member)
-- Returns the hash's fields and values when claimed, else an empty array: no such session, a tombstone (retire.lua),
-- or a session that has not expired by ARGV[1] (left as it is).
-- Runs atomically, like reap.lua, which claims the same way from the index: of all the nodes claiming or reaping at
-- once, exactly one receives the session.
local key = KEYS[1]
local state = redis.call('HMGET', key, 'm:expiresAt', 'm:movedTo')
local expires = tonumber(state[1])
if state[2] or not expires or expires < 0 or expires > tonumber(ARGV[1]) then
  return {}
end
local fields = redis.call('HGETALL', key)
redis.call('DEL', key)
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HINCRBY', KEYS[3], 'expired', 1)
redis.call('PUBLISH', string.match(KEYS[1], '^(.*)s:{%d+}:') .. 'changes', ARGV[2])
return fields
