-- Releases a session lock without writing, if no other request has taken it since the caller did.
-- KEYS[1] session hash
-- ARGV: 1 fence
-- Returns 1 released, 0 nothing to release.
if redis.call('HGET', KEYS[1], 'm:fence') ~= ARGV[1] then
  return 0
end
return redis.call('HDEL', KEYS[1], 'm:lockOwner', 'm:lockUntil') > 0 and 1 or 0
