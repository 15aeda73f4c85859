def solution(grid)
  rows = grid.size
  cols = grid[0].size
  width = cols + 1 # a water column on the right keeps neighbours from wrapping around
  land = Array.new(width * (rows + 2), false)
  grid.each_with_index do |row, r|
    start = (r + 1) * width
    row.each_byte.with_index { |c, i| land[start + i] = true if c == 35 } # '#'
  end
  islands = 0
  stack = []
  (width...(width * (rows + 1))).each do |cell|
    next unless land[cell]

    islands += 1
    land[cell] = false
    stack << cell
    until stack.empty?
      c = stack.pop
      [c - 1, c + 1, c - width, c + width].each do |n|
        if land[n]
          land[n] = false
          stack << n
        end
      end
    end
  end
  islands
end
