-- wrk script of bench/compare.sh: counts every answer by status and prints one machine-readable summary line.
-- Configured by the environment, because wrk decides before init() whether requests are static:
--   COMPARE_EXPECT        the status every answer must have (compare.sh fails the run on any other)
--   COMPARE_METHOD        GET (default) or POST
--   COMPARE_BODY_FILE     the request body, read once (POST)
--   COMPARE_RANDOM_PREFIX when set, every request is GET <prefix><random UUID> (a locate miss), not the URL's path
-- Headers (Authorization, Content-Type) come from wrk's -H options.

local expect = tonumber(os.getenv("COMPARE_EXPECT") or "200")
local body_file = os.getenv("COMPARE_BODY_FILE")
local random_prefix = os.getenv("COMPARE_RANDOM_PREFIX")

wrk.method = os.getenv("COMPARE_METHOD") or "GET"
if body_file then
    local file = assert(io.open(body_file, "rb"))
    wrk.body = file:read("*a")
    file:close()
end

local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    counts = {}
    math.randomseed(os.time() * 1000 + id)
end

if random_prefix then
    -- defined only for the locate miss: a global request() makes wrk build every request in Lua, which costs
    local function hex(digits)
        return string.format("%0" .. digits .. "x", math.random(0, 16 ^ digits - 1))
    end

    function request()
        local uuid = hex(4) .. hex(4) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(6) .. hex(6)
        return wrk.format(nil, random_prefix .. uuid)
    end
end

function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
    local all, unexpected, statuses = {}, 0, {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("counts")) do
            all[status] = (all[status] or 0) + count
        end
    end
    for status, count in pairs(all) do
        table.insert(statuses, status .. "=" .. count)
        if status ~= expect then
            unexpected = unexpected + count
        end
    end
    table.sort(statuses)
    local errors = summary.errors
    io.write(string.format(
        "COMPARE requests=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d unexpected=%d socket_errors=%d statuses=%s\n",
        summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
        latency.max, unexpected, errors.connect + errors.read + errors.write + errors.timeout,
        table.concat(statuses, ",")))
end
