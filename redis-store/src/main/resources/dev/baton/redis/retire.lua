-- Step 3 of a change of ID on Redis Cluster, in the old key's slot, once the copy under the new ID is written:
-- replaces the old session with a short-lived tombstone, only if no write changed it since step 1 read it. From then
-- on the old ID is dead on every node (loads find nothing, saves get "gone").
-- KEYS[1] old hash, KEYS[2] old index; ARGV: 1 the version read in step 1, 2 old id, 3 new id,
--       4 tombstone lifetime (ms)
-- Returns 1 retired (or already retired by this very command: a replay), 0 when the session changed or went away
-- meanwhile (nothing written; the caller reads it again).
local key, index = KEYS[1], KEYS[2]
local state = redis.call('HMGET', key, 'm:version', 'm:movedTo')
if state[2] then
  if state[2] == ARGV[3] then
    return 1
  end
  return 0
end
if state[1] ~= ARGV[1] then
  return 0
end
redis.call('DEL', key)
redis.call('HSET', key, 'm:movedTo', ARGV[3])
redis.call('PEXPIRE', key, ARGV[4])
redis.call('ZREM', index, ARGV[2])
redis.call('PUBLISH', string.match(KEYS[1], '^(.*)s:{%d+}:') .. 'changes', ARGV[2])
return 1
