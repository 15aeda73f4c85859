def solution(grid)
  width = grid[0].size + 1 # a wall column on the right keeps moves from wrapping around
  flat = ("#" * width) + grid.map { |row| "#{row}#" }.join + ("#" * width)
  start = flat.index("S")
  goal = flat.index("E")
  # -1: open and not reached yet, -2: wall
  dist = flat.bytes.map { |c| c == 35 ? -2 : -1 }
  dist[start] = 0
  frontier = [start]
  steps = 0
  until frontier.empty?
    return dist[goal] if dist[goal] >= 0

    steps += 1
    nxt = []
    frontier.each do |c|
      [c - 1, c + 1, c - width, c + width].each do |n|
        if dist[n] == -1
          dist[n] = steps
          nxt << n
        end
      end
    end
    frontier = nxt
  end
  dist[goal]
end
