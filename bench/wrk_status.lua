-- Count response statuses in wrk: its own summary reports only non-2xx/3xx, so a redirect
-- to the login page would pass as a success. Used by bench/wrk_lesson.py.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  other = 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("status 200: %d, other: %d\n", total_ok, total_other))
end
