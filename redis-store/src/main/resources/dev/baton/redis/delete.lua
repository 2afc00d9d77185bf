-- Deletes a session and its index entry. KEYS[1] session hash, KEYS[2] index; ARGV[1] session id.
-- Returns 1 when a live session was there.
local moved = redis.call('HEXISTS', KEYS[1], 'm:movedTo')
local existed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if existed == 1 and moved == 0 then
  redis.call('PUBLISH', string.match(KEYS[1], '^(.*)s:{%d+}:') .. 'changes', ARGV[1])
  return 1
end
return 0
