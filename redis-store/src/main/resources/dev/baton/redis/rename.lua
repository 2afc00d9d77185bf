-- Moves a session to a new ID when both keys live on one server (standalone, Sentinel).
-- KEYS[1] old hash, KEYS[2] old index, KEYS[3] new hash, KEYS[4] new index
-- ARGV: 1 now (ms), 2 old id, 3 new id
-- Returns 1 moved, 0 when there is no live session to move.
local old, new = KEYS[1], KEYS[3]
local expires = redis.call('HGET', old, 'm:expiresAt')
if not expires or redis.call('HEXISTS', old, 'm:movedTo') == 1 then
  return 0
end
expires = tonumber(expires)
if expires >= 0 and expires <= tonumber(ARGV[1]) then
  return 0
end
redis.call('RENAME', old, new)
redis.call('PUBLISH', string.match(KEYS[1], '^(.*)s:{%d+}:') .. 'changes', ARGV[2])
redis.call('HINCRBY', new, 'm:version', 1)
redis.call('ZREM', KEYS[2], ARGV[2])
if expires >= 0 then
  redis.call('ZADD', KEYS[4], expires, ARGV[3])
  redis.call('HSET', new, 'm:indexed', expires)
end
return 1
