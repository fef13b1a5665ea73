-- wrk script: POSTs the staff form with a fresh one-time token per request,
-- so every request stores a new response (no duplicate short-cut).
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  counter = 0
end
function request()
  counter = counter + 1
  local token = string.format("%08x%08x%016x", tid, 0x5eed, counter)
  local body = "_token=" .. token ..
    "&unit=Kulturskolen&role=ansatt&trapp.skole.now=2&trapp.skole.goal=3" ..
    "&plakat.p01=4&plakat.p02=3&plakat.p03=5&plakat.p04=vet_ikke&plakat.p05=2" ..
    "&kommentar=Godt+samarbeid%2C+men+mer+tid+takk"
  return wrk.format("POST", "/s/bench", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
