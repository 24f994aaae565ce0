-- wrk: requests the paths listed in the file given after `--`, one per line, in turn (each
-- connection starts at a different line). Used by scripts/wrk-mix.sh for its realistic mix.
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
