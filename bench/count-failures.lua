-- Appended to every wrk request script of bench/: counts answers that are not a 200 (or, when the request script
-- sets ok_body, whose body does not match that Lua pattern), prints the first one, and reports the count at the end.
local bad = 0
function response(status, headers, body)
  if status ~= 200 or (ok_body and not string.find(body, ok_body)) then
    bad = bad + 1
    if bad == 1 then print("non-200: " .. status .. " " .. body) end
  end
end
function done(summary, latency, requests)
  io.write(string.format("non-200 responses (first thread's view): %d\n", bad))
end
