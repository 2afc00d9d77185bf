-- Claims up to ARGV[2] sessions of one shard that expired by ARGV[1], removing each and returning it:
-- {id1, {fields...}, id2, {fields...}, ...}. KEYS[1] the shard's index, KEYS[2] the shard's counters (the claimed
-- sessions are added to 'expired'); ARGV[3] the shard's session key prefix (the session keys share the index's hash
-- tag, so they live in its slot).
-- Runs atomically, so of all the nodes reaping at once exactly one receives each session. The hash's own
-- m:expiresAt decides: a session whose index entry is older than its last save is put back under its real expiry,
-- and an entry whose key is gone (or is not a hash) is dropped.
local now = tonumber(ARGV[1])
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[3] .. id
  if redis.call('TYPE', key).ok == 'hash' and redis.call('HEXISTS', key, 'm:movedTo') == 0 then
    local expires = tonumber(redis.call('HGET', key, 'm:expiresAt'))
    if expires and expires >= 0 and expires <= now then
      table.insert(out, id)
      table.insert(out, redis.call('HGETALL', key))
      redis.call('DEL', key)
      redis.call('PUBLISH', string.match(ARGV[3], '^(.*)s:{%d+}:') .. 'changes', id)
    elseif expires and expires > now then
      -- Saves index lazily (save.lua): this entry was early; it goes back under the real expiry.
      redis.call('ZADD', KEYS[1], expires, id)
      redis.call('HSET', key, 'm:indexed', expires)
    end
  end
end
if #out > 0 then
  redis.call('HINCRBY', KEYS[2], 'expired', #out / 2)
end
return out
