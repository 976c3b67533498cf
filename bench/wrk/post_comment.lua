-- Posts a new comment per request as a signed-in reader (bearer token in
-- BENCH_TOKEN) to the article BENCH_ARTICLE: POST /api/v1/articles/{id}/comments.
-- Each body is different, so that no rule takes it for a repeat.
local token = os.getenv("BENCH_TOKEN")
local article = os.getenv("BENCH_ARTICLE")
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"body":"Avis de charge %d-%d : la question reste ouverte, merci pour ce suivi."}',
    tid or 0, counter)
  return wrk.format("POST", "/api/v1/articles/" .. article .. "/comments", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
