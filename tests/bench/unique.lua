-- wrk script: every request a query never asked before (a different offer),
-- so the server renders each one: the cost of a result the cache cannot help.
local path = os.getenv("UNIQUE_PATH")
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", path .. "&offer=" .. tostring(100000 + counter))
end
