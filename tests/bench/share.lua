-- wrk script: POST /share with a fresh form token each time (tokens fetched
-- beforehand, one a line, in SHARE_TOKENS), counting the reports accepted
-- (200) apart from refusals, so the row is reports stored per second.
local tokens = {}
for line in io.lines(os.getenv("SHARE_TOKENS")) do
  tokens[#tokens + 1] = line
end
local fields = "&years=4&location=seattle&work_arrangement=remote&employment=salaried&amount=135000&period=year&bonus=&website="
local next_token = 0
accepted = 0

request = function()
  next_token = next_token + 1
  local token = tokens[next_token] or "spent"
  return wrk.format("POST", "/share", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "token=" .. token .. fields)
end

response = function(status)
  if status == 200 then
    accepted = accepted + 1
  end
end

local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end

done = function(summary)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("accepted")
  end
  io.write(string.format("accepted %d\n", total))
end
