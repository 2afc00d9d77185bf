-- First half of a change of ID on Redis Cluster, in the old key's slot: leaves a short-lived tombstone that makes the
-- old ID dead at once (loads find nothing, saves get "gone") and returns the session's fields for the new key.
-- KEYS[1] old hash, KEYS[2] old index; ARGV: 1 now, 2 old id, 3 new id, 4 tombstone lifetime (ms)
local expires = redis.call('HGET', KEYS[1], 'm:expiresAt')
if not expires or redis.call('HEXISTS', KEYS[1], 'm:movedTo') == 1 then
  return {}
end
expires = tonumber(expires)
if expires >= 0 and expires <= tonumber(ARGV[1]) then
  return {}
end
local fields = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'm:movedTo', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[2])
return fields
