-- Extends the lease of a session lock, if the caller still holds it.
-- KEYS[1] session hash
-- ARGV: 1 fence, 2 new lease end (ms)
-- Returns 1 renewed, 0 released, taken by another request, or the session is gone.
local state = redis.call('HMGET', KEYS[1], 'm:fence', 'm:lockOwner', 'm:movedTo')
if state[1] ~= ARGV[1] or not state[2] or state[3] then
  return 0
end
redis.call('HSET', KEYS[1], 'm:lockUntil', ARGV[2])
return 1
