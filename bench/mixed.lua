-- wrk script: cycle through the space-separated paths in BENCH_PATHS (the mixed page set).
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  table.insert(paths, path)
end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
