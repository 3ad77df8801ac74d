-- wrk script for the load run: cycles through a guide page (as a browser asks
-- for it, brotli accepted), a calculator result and GET /api/v1/estimate.
-- Paths come from the environment so the shell script names them once.

local requests = {}
local counter = 0

-- Built per thread once wrk has filled in wrk.headers (the Host header).
init = function(args)
  local entries = {
    { os.getenv("MIX_GUIDE"), { ["Accept-Encoding"] = "gzip, deflate, br" } },
    { os.getenv("MIX_CALCULATOR"), { ["Accept-Encoding"] = "gzip, deflate, br" } },
    { os.getenv("MIX_API"), {} },
  }
  for i, entry in ipairs(entries) do
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    for name, value in pairs(entry[2]) do headers[name] = value end
    requests[i] = wrk.format("GET", entry[1], headers)
  end
end

request = function()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end
