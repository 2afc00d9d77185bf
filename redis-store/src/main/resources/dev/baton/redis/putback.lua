-- Second half of a change of ID on Redis Cluster, in the new key's slot: writes the fields taken out of the old key.
-- KEYS[1] new hash, KEYS[2] new index; ARGV: 1 new id, 2 pexpireat (-1 persist), then field/value pairs
redis.call('DEL', KEYS[1])
local i = 3
while i <= #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
redis.call('HINCRBY', KEYS[1], 'm:version', 1)
local expires = tonumber(redis.call('HGET', KEYS[1], 'm:expiresAt'))
if tonumber(ARGV[2]) >= 0 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
  redis.call('ZADD', KEYS[2], expires, ARGV[1])
end
return 1
