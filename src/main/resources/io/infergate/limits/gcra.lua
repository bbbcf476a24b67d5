-- The GCRA check of io.infergate.limits.Gcra over every limit of one request, atomically: each KEYS[i] holds a
-- counter's TAT (microseconds, Redis' clock); ARGV holds interval and burst per key. The request is allowed only when
-- every counter allows it, and then every TAT moves on by its interval (and expires once it is in the past).
-- Returns {allowed (1 or 0), then per key its TAT after the check minus now, in microseconds}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local next = {}
local allowed = 1
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then
    tat = now
  end
  next[i] = tat + interval
  if next[i] - burst * interval > now then
    allowed = 0
  end
end
local result = { allowed }
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i - 1])
  if allowed == 1 then
    redis.call('SET', KEYS[i], string.format('%d', next[i]), 'PX', math.max(1, math.ceil((next[i] - now) / 1000)))
    result[i + 1] = next[i] - now
  else
    result[i + 1] = next[i] - interval - now
  end
end
return result
