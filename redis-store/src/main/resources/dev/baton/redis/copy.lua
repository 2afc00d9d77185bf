-- Step 2 of a change of ID on Redis Cluster, in the new key's slot: writes a copy of the session (read from the old
-- key in step 1) under the new ID. The old key is not touched, so if this call or step 3 fails, nothing is lost: the
-- old ID still works, and the copy expires with the session's TTL.
-- KEYS[1] new hash, KEYS[2] new index
-- ARGV: 1 new id (index member), 2 pexpireat (ms, -1 persist), 3 copy id of this copy, 4 copy id of this call's
--       previous copy, which this one may replace ('' none), then field/value pairs
-- Returns 1 written, 0 when another write holds the new ID.
local key, index = KEYS[1], KEYS[2]
local copy = redis.call('HGET', key, 'm:copy')
local ours = copy and ARGV[4] ~= '' and copy == ARGV[4]
if redis.call('EXISTS', key) == 1 and not ours then
  return 0
end
redis.call('DEL', key)
local i = 5
while i <= #ARGV do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  i = i + 2
end
-- Which attempt of the change of ID wrote this copy: a later attempt of the same call may replace it.
redis.call('HSET', key, 'm:copy', ARGV[3])
redis.call('HINCRBY', key, 'm:version', 1)
if tonumber(ARGV[2]) >= 0 then
  redis.call('PEXPIREAT', key, ARGV[2])
  local expires = redis.call('HGET', key, 'm:expiresAt')
  redis.call('ZADD', index, expires, ARGV[1])
  -- The copied m:ttlAt was the old key's: this key's TTL is the one just set.
  redis.call('HSET', key, 'm:indexed', expires, 'm:ttlAt', ARGV[2])
end
return 1
