# A binary min-heap of course numbers: Ruby has no priority queue in its core library.
class MinHeap
  def initialize(items)
    @items = items.sort
  end

  def empty?
    @items.empty?
  end

  def push(x)
    items = @items
    items << x
    i = items.size - 1
    while i.positive?
      parent = (i - 1) / 2
      break if items[parent] <= x

      items[i] = items[parent]
      i = parent
    end
    items[i] = x
  end

  def pop
    items = @items
    top = items[0]
    last = items.pop
    return top if items.empty?

    n = items.size
    i = 0
    loop do
      child = (2 * i) + 1
      break if child >= n

      child += 1 if child + 1 < n && items[child + 1] < items[child]
      break if items[child] >= last

      items[i] = items[child]
      i = child
    end
    items[i] = last
    top
  end
end

def solution(n, prerequisites)
  after = Array.new(n) { [] }
  waiting = Array.new(n, 0)
  prerequisites.each do |a, b|
    after[b] << a
    waiting[a] += 1
  end
  ready = MinHeap.new((0...n).select { |course| waiting[course].zero? })
  order = []
  until ready.empty?
    course = ready.pop
    order << course
    after[course].each do |nxt|
      waiting[nxt] -= 1
      ready.push(nxt) if waiting[nxt].zero?
    end
  end
  order.size == n ? order : []
end
