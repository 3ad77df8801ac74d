-- wrk script: every request a query never asked before (a different offer),
-- so the server renders each one: the cost of a result the cache cannot help.
-- UNIQUE_KEYS (default "offer") names the offer fields to vary, comma-separated:
-- "a.offer,b.offer,c.offer" makes all three scenarios of a comparison new.
local path = os.getenv("UNIQUE_PATH")
local keys = {}
for key in string.gmatch(os.getenv("UNIQUE_KEYS") or "offer", "[^,]+") do
  keys[#keys + 1] = key
end
local counter = 0

request = function()
  counter = counter + 1
  local query = ""
  for i, key in ipairs(keys) do
    query = query .. "&" .. key .. "=" .. tostring(100000 + counter * #keys + i)
  end
  return wrk.format("GET", path .. query)
end
