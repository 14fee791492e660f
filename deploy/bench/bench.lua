-- wrk script shared by every benchmark target: the same POST, body and headers for the floor and
-- the bridge. Only the URL (and so the path) differs.
--
-- With BENCH_VERIFY=1 (set by deploy/bench.sh for warm-up runs) every response body is checked and
-- the number of wrong ones is printed as "Bad responses: N". The check costs wrk CPU, so measured
-- runs leave it off.

wrk.method = "POST"
-- deploy/bench.sh exports BENCH_BODY; the default is the same request, for running wrk by hand.
wrk.body = os.getenv("BENCH_BODY") or '{"query":"query Bench { order(id: \\"42\\") { id status total } }"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
-- deploy/bench.sh exports the access token; every target gets it (only bridge_auth checks it).
if os.getenv("BENCH_AUTHORIZATION") then
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

if os.getenv("BENCH_VERIFY") == "1" then
  -- A good answer is a 200 carrying the order (or the nested orders' customers), and no GraphQL errors.
  function response(status, headers, body)
    local answered = body:find('"status":"SHIPPED"', 1, true) or body:find('"ok":true', 1, true)
      or body:find('"seq":', 1, true) or body:find('"customer":{"name":"Customer c3"}', 1, true)
    if status ~= 200 or not answered or body:find('"errors"', 1, true) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("bad") or 0)
  end
  if os.getenv("BENCH_VERIFY") == "1" then
    io.write(string.format("Bad responses: %d\n", total))
  end
end
